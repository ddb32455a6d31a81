"""write_atomic: a whole file or none, and never in place of a folder or a link to one."""

import pytest

from qualcode.fileio import write_atomic


def test_a_file_is_written_whole(tmp_path):
    target = write_atomic(tmp_path / "sub" / "a.txt", "halo")
    assert target.read_text(encoding="utf-8") == "halo"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]  # no temporary left


def test_a_folder_or_a_link_to_one_is_never_replaced(tmp_path):
    folder = tmp_path / "transcripts"
    folder.mkdir()
    link = tmp_path / "link"
    link.symlink_to(folder, target_is_directory=True)
    for path in (folder, link):
        with pytest.raises(IsADirectoryError) as raised:
            write_atomic(path, "x")
        assert raised.value.filename == str(path)
    assert link.is_symlink() and folder.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "transcripts"]


def test_a_folder_that_may_not_be_written_is_named_not_the_temporary_file(tmp_path, monkeypatch):
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / ".report.md.x1y2.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(PermissionError) as caught:
        write_atomic(tmp_path / "report.md", "x")
    assert caught.value.filename == str(tmp_path) and "cannot write report.md here" in caught.value.strerror

"""`ingest_and_code` with jobs: a child process ingests while this one sets up the coder.

What a user sees must not change with --jobs: the same store, the same suggestions, the
same one-line error for a bad file with the store untouched, progress for the ingest."""

from __future__ import annotations

import os
import pickle
import sqlite3

import pytest

from qualcode.display.background import CHILD_GRACE_SECONDS
from qualcode.errors import CodebookError, ConfigError, InputError, PipelineError, QualcodeError
from qualcode.interop.sheets import SheetProblems
from qualcode.project import load_config
from qualcode.workflow import overlap
from qualcode.workflow.overlap import ingest_and_code, ingest_meanwhile
from tests.conftest import NoProcesses, pids_calling, recording_hook

pytestmark = pytest.mark.skipif(not overlap.can_fork(), reason="the overlap needs fork")


def _store_rows(project) -> tuple[list, list, list]:
    with sqlite3.connect(project / ".qualcode" / "project.db") as conn:
        sources = conn.execute("SELECT id, path, sha256, language, case_id FROM sources ORDER BY id").fetchall()
        segments = conn.execute("SELECT id, source_id, ordinal, start, end, codable FROM segments"
                                " ORDER BY id").fetchall()
        codings = conn.execute("SELECT segment_id, code_id, coder, status, score, matched FROM codings"
                               " ORDER BY segment_id, code_id").fetchall()
    return sources, segments, codings


def test_two_jobs_make_the_store_one_job_makes(demo_project, tmp_path):
    import shutil

    other = tmp_path / "other"
    shutil.copytree(demo_project, other)
    one_ingest, one_code = ingest_and_code(load_config(demo_project), jobs=1)
    seen: list = []
    two_ingest, two_code = ingest_and_code(load_config(other), jobs=2, on_stage=recording_hook(seen))
    assert two_ingest.added == one_ingest.added and two_ingest.cases == one_ingest.cases
    assert (two_code.suggestions, two_code.by_code) == (one_code.suggestions, one_code.by_code)
    assert two_code.suggestions > 0
    assert _store_rows(other) == _store_rows(demo_project)
    # the child's progress reached this process's hook: one advance per file
    files = len(one_ingest.added)
    assert ("ingest", files) in seen
    assert sum(n for name, n in seen[seen.index(("ingest", files)) + 1:] if name == "ingest") == files


def test_the_coder_is_set_up_here_while_the_child_ingests(demo_project, monkeypatch):
    calls: list = []
    real = overlap.prepare_coder

    def spying(config, ingesting):
        calls.append(os.getpid())
        real(config, ingesting)

    monkeypatch.setattr(overlap, "prepare_coder", spying)
    ingest_and_code(load_config(demo_project), jobs=2)
    assert calls == [os.getpid()]
    from qualcode.condense.nlp import chunk_tokenizer, pipeline

    # the pipeline code auto used is the one built ahead, its memo holding the codebook's terms
    assert "anggaran" in chunk_tokenizer(pipeline("id", None)).memo.numbers


def _pids_that_ingest(monkeypatch, tmp_path):
    """Make every ingest (here or in the child) note its process id in a file."""
    return pids_calling(monkeypatch, overlap, "ingest", tmp_path / "ingest-pids.txt")


def test_a_bad_file_is_the_same_error_as_with_one_job_and_leaves_no_store(demo_project, tmp_path, monkeypatch):
    import shutil

    (demo_project / "transcripts" / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    other = tmp_path / "other"
    shutil.copytree(demo_project, other)
    with pytest.raises(InputError) as one_job:
        ingest_and_code(load_config(other), jobs=1)
    pids = _pids_that_ingest(monkeypatch, tmp_path)
    with pytest.raises(InputError) as two_jobs:
        ingest_and_code(load_config(demo_project), jobs=2)
    def here(error):  # the one-job run's project is the copy
        return str(error).replace(str(other), str(demo_project)), error.path.replace(str(other), str(demo_project))

    assert here(two_jobs.value) == here(one_job.value) and "binary.txt" in str(two_jobs.value)
    assert two_jobs.value.line == one_job.value.line == 1
    # the child met the error and handed it back: it was not found by ingesting again here
    assert len(pids()) == 1 and pids()[0] != os.getpid()
    assert not (demo_project / ".qualcode" / "project.db").exists()
    assert not list(demo_project.glob(".qualcode/.project.db.*"))


def test_run_with_jobs_reports_a_bad_file_in_one_line(demo_project, runner, monkeypatch):
    from qualcode.cli import app

    (demo_project / "transcripts" / "empty.txt").write_bytes(b"")
    monkeypatch.chdir(demo_project)
    result = runner.invoke(app, ["run", "--jobs", "2"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [line for line in lines if "empty.txt" in line] and len(lines) == 1
    assert "file is empty" in lines[0] and "Traceback" not in result.output
    assert not (demo_project / ".qualcode" / "project.db").exists()


def test_run_with_jobs_writes_the_report_one_job_writes(demo_project, runner, monkeypatch, tmp_path):
    import shutil

    from docx import Document

    from qualcode.cli import app

    other = tmp_path / "other"
    shutil.copytree(demo_project, other)
    outputs = []
    for folder, args in ((demo_project, ["run"]), (other, ["run", "-j", "2"])):
        monkeypatch.chdir(folder)
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        # the stages' results, not the report's paths (which differ, and the table cuts them;
        # the closing "next:" line names one too)
        outputs.append([line for line in result.output.splitlines() if not line.startswith("next:")
                        and any(stage in line for stage in ("ingest", "code", "display", "conclude"))])
    assert outputs[0] == outputs[1]
    assert any("suggestions on" in line for line in outputs[1]) and len(outputs[1]) >= 4
    text = "\n".join(p.text for p in Document(other / "reports" / "report.docx").paragraphs)
    assert text == "\n".join(p.text for p in Document(demo_project / "reports" / "report.docx").paragraphs)


def test_an_existing_store_stays_as_it_was_after_a_bad_file(demo_project):
    config = load_config(demo_project)
    ingest_and_code(config, jobs=2)
    before = _store_rows(demo_project)
    (demo_project / "transcripts" / "broken.txt").write_bytes(b"\xff\xfe\x00\x00\x00garbage")
    with pytest.raises(QualcodeError):
        ingest_and_code(config, jobs=2)
    assert _store_rows(demo_project) == before


def test_a_child_that_dies_is_replaced_by_an_ingest_here(demo_project, monkeypatch, tmp_path):
    pids = _pids_that_ingest(monkeypatch, tmp_path)
    monkeypatch.setattr(overlap, "_ingest_in_child", lambda *args: os._exit(3))
    ingested, coded = ingest_and_code(load_config(demo_project), jobs=2)
    assert len(ingested.added) == len(_store_rows(demo_project)[0]) > 0
    assert coded.suggestions > 0
    assert pids() == [os.getpid()]


def test_the_child_stops_when_this_process_is_gone(demo_project, monkeypatch, tmp_path):
    """This process dying outright closes its end of the pipe and nothing else. The child
    holds no copy of that end, so its next message fails and it stops (its ingest rolled
    back), rather than fill a pipe no one reads and wait for ever, holding the store."""
    import multiprocessing
    import time

    parent, finished = os.getpid(), tmp_path / "child-finished"
    monkeypatch.setattr(overlap, "BATCH_SECONDS", 0.0)

    def slow_ingest(config, on_stage=overlap._quiet, **kwargs):
        advance = on_stage("ingest", 40)
        for _ in range(40):
            time.sleep(0.05)
            advance(1)
        if os.getpid() != parent:
            finished.write_text("the child ingested to the end", encoding="utf-8")
        return overlap.IngestReport()

    monkeypatch.setattr(overlap, "ingest", slow_ingest)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)  # as ingest_meanwhile makes them
    child = context.Process(target=overlap._ingest_in_child,
                            args=(send, load_config(demo_project), None, receive))
    child.start()
    send.close()
    time.sleep(0.3)  # the child is ingesting by now
    receive.close()  # what dying does to this end
    child.join(30)
    assert not child.is_alive()
    assert not finished.exists()


def test_without_a_process_to_fork_the_ingest_runs_here(demo_project, monkeypatch, tmp_path):
    pids = _pids_that_ingest(monkeypatch, tmp_path)
    monkeypatch.setattr(overlap.multiprocessing, "get_context", lambda method: NoProcesses)
    ingested, coded = ingest_and_code(load_config(demo_project), jobs=2)
    assert len(ingested.added) == len(_store_rows(demo_project)[0]) > 0 and coded.suggestions > 0
    assert pids() == [os.getpid()]


def test_a_good_ingest_runs_once_in_the_child(demo_project, monkeypatch, tmp_path):
    pids = _pids_that_ingest(monkeypatch, tmp_path)
    ingest_and_code(load_config(demo_project), jobs=2)
    assert len(pids()) == 1 and pids()[0] != os.getpid()


def test_a_set_up_error_waits_for_the_ingest_and_comes_from_coding(demo_project):
    text = (demo_project / "qualcode.toml").read_text(encoding="utf-8")
    (demo_project / "qualcode.toml").write_text(text + '\n[pipelines]\nid = "no_such_pipeline_pkg"\n',
                                                encoding="utf-8")
    with pytest.raises(PipelineError):
        ingest_and_code(load_config(demo_project), jobs=2)
    # the ingest finished and committed, as with one job, before coding met the error
    assert len(_store_rows(demo_project)[0]) > 0


def test_an_interrupt_here_stops_the_child_and_leaves_a_consistent_store(demo_project):
    config = load_config(demo_project)

    def interrupted(ingesting):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_meanwhile(config, overlap._quiet, interrupted)
    store = demo_project / ".qualcode" / "project.db"
    if store.exists():  # the child had finished: then the store is whole
        assert len(_store_rows(demo_project)[0]) == len(list(config.transcript_files()))
    assert not list(demo_project.glob(".qualcode/.project.db.*"))


def test_an_interrupt_here_does_not_wait_for_a_slow_child(demo_project, monkeypatch):
    import time

    def slow_ingest(config, **kwargs):
        time.sleep(60)

    monkeypatch.setattr(overlap, "ingest", slow_ingest)

    def interrupted(ingesting):
        time.sleep(0.2)  # the child is asleep in its ingest by now
        assert not ingesting.done()
        raise KeyboardInterrupt

    began = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        ingest_meanwhile(load_config(demo_project), overlap._quiet, interrupted)
    assert time.monotonic() - began < CHILD_GRACE_SECONDS  # interrupted, not waited for


@pytest.mark.parametrize("error", [
    InputError("transcripts/a.txt", "binary data, not text (NUL byte)", line=3),
    CodebookError("codebooks/x.yaml", "bad indentation", line=7),
    ConfigError("no [project] table", "qualcode.toml", 2),
    PipelineError("not installed"),
    SheetProblems("sheet.xlsx", ["row 3: no such code", "row 9: no such segment"]),
])
def test_errors_cross_the_pipe_whole(error):
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and str(again) == str(error)
    assert getattr(again, "path", None) == getattr(error, "path", None)
    assert getattr(again, "line", None) == getattr(error, "line", None)
    assert getattr(again, "problems", None) == getattr(error, "problems", None)


def test_the_jobs_help_names_the_threshold_the_coder_uses():
    from qualcode.cli.common import JOBS_HELP
    from qualcode.condense.autocode import JOBS_MIN_SEGMENTS

    assert f"{JOBS_MIN_SEGMENTS:,} codable segments" in JOBS_HELP


def _codable_texts(project) -> list[str]:
    with sqlite3.connect(project / ".qualcode" / "project.db") as conn:
        rows = conn.execute("SELECT s.text, g.start, g.end FROM segments g JOIN sources s ON s.id = g.source_id"
                            " WHERE g.codable ORDER BY s.rowid, g.ordinal").fetchall()
    return [text[start:end] for text, start, end in rows]


def test_the_child_hands_over_each_written_sources_codable_texts(demo_project, monkeypatch):
    import time

    real = overlap.ingest

    def lingering(config, **kwargs):  # in the child: every text sent, then time to take them all
        report = real(config, **kwargs)
        time.sleep(1.0)
        return report

    monkeypatch.setattr(overlap, "ingest", lingering)
    monkeypatch.setattr(overlap, "BATCH_SECONDS", 0.0)  # each source's texts sent as written
    received: list = []

    def collecting(ingesting):
        for language, texts in ingesting.texts():
            received.append((language, texts))
        assert ingesting.done()

    ingest_meanwhile(load_config(demo_project), overlap._quiet, collecting)
    assert {language for language, _ in received} == {"id", "en"}
    assert [t for _, texts in received for t in texts] == _codable_texts(demo_project)


def test_texts_go_through_the_spool_and_progress_through_the_pipe():
    import multiprocessing
    import tempfile

    receive, send = multiprocessing.Pipe(duplex=False)
    seen: list = []
    with tempfile.TemporaryFile() as spool:
        ingesting = overlap.Ingesting(receive, recording_hook(seen), spool)
        ingesting.start()
        batch = overlap._Batch(send, spool)
        send.send(("stage", ("ingest", 3)))
        batch.add("id", ["Anggarannya terbatas.", "Warga ikut musrenbang."])
        batch.advance(1)
        batch.flush()
        texts = ingesting.texts()
        assert next(texts) == ("id", ["Anggarannya terbatas.", "Warga ikut musrenbang."])
        batch.add("en", ["The budget is small."])
        batch.add("id", ["Aplikasinya sering error."])
        batch.advance(2)
        batch.flush()
        assert next(texts) == ("en", ["The budget is small."])
        assert next(texts) == ("id", ["Aplikasinya sering error."])
        send.send(("done", "report"))
        send.close()
        assert list(texts) == []  # the child has finished: nothing more is read
        ingesting.join(5)
    assert ingesting.done() and (ingesting.outcome, ingesting.value) == ("done", "report")
    assert seen == [("ingest", 3), ("ingest", 1), ("ingest", 2)]


def test_without_room_for_a_spool_the_ingest_and_coding_are_as_ever(demo_project, monkeypatch):
    def no_room():
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(overlap.tempfile, "TemporaryFile", no_room)
    learned: list = []

    def collecting(ingesting):
        learned.extend(ingesting.texts())

    ingested = ingest_meanwhile(load_config(demo_project), overlap._quiet, collecting)
    assert learned == [] and len(ingested.added) == len(_store_rows(demo_project)[0]) > 0


class _Written:
    """An `Ingesting` whose child is still at work and has written these sources."""

    def __init__(self, sources):
        self.sources = sources

    def done(self):
        return False

    def texts(self):
        yield from self.sources


def test_prepare_coder_learns_the_written_sources_words_ahead(demo_project, monkeypatch):
    from qualcode.condense import learn_ahead, nlp

    nlp.pipeline.cache_clear()  # a fresh memo
    sources = [("id", ["Penganggarannya dibahas di musrenbang kelurahan Sukamaju minggu lalu."]),
               ("en", ["The zebracrossings were repainted by volunteers."])]
    overlap.prepare_coder(load_config(demo_project), _Written(sources))
    assert "Sukamaju" in nlp.chunk_tokenizer(nlp.pipeline("id", None)).memo.numbers
    assert "zebracrossings" in nlp.chunk_tokenizer(nlp.pipeline("en", None)).memo.numbers
    # a memo as full as learning ahead may make it learns no more
    monkeypatch.setattr(learn_ahead, "AHEAD_SHARE", 0.0)
    assert not learn_ahead.learn_ahead("id", None, ["Wonosalamharjo"])
    assert "Wonosalamharjo" not in nlp.chunk_tokenizer(nlp.pipeline("id", None)).memo.numbers


def test_tokens_learned_ahead_are_the_tokens_learned_while_coding():
    from qualcode.condense import nlp
    from qualcode.condense.chunk_tokenizer import ChunkTokenizer

    texts = ["Dana APBD-nya cair tgl. 3, kata Pak Kadis.", "Warga   bilang: \"e-KTP-nya belum jadi!\"",
             "Smart-city itu (katanya) mahal... Dr. Budi setuju.", "rata-ratanya naik 10%"]
    ahead = ChunkTokenizer(nlp.pipeline("id", None))
    ahead.learn(texts[:2])
    ahead.learn(texts)
    assert all(chunk in ahead.memo.numbers for text in texts for chunk in text.split())
    learned = len(ahead.learned)
    plain = ChunkTokenizer(nlp.pipeline("id", None))
    a, b = ahead.tokenize(texts), plain.tokenize(texts)
    # tokenising learns only the whitespace runs that are keys (here the two spaces after
    # the one that follows `Warga`)
    assert ahead.learned[learned:] == ["  "]
    assert [a.orths[i] for i in a.ids] == [b.orths[i] for i in b.ids]
    assert [a.lemmas[i] for i in a.ids] == [b.lemmas[i] for i in b.ids]
    assert a.spaces.tolist() == b.spaces.tolist() and a.offsets.tolist() == b.offsets.tolist()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_bad_file_is_named_in_one_run(demo_project, runner, monkeypatch, jobs):
    """An interview not typed yet (an empty file) and a binary one: both named, a line each,
    in one run; nothing stored, so the good files are read again once they are mended."""
    from qualcode.cli import app

    (demo_project / "transcripts" / "a-empty.txt").write_bytes(b"")
    (demo_project / "transcripts" / "z-binary.txt").write_bytes(b"\x00\x01\x02 not text")
    monkeypatch.chdir(demo_project)
    result = runner.invoke(app, ["run", "--jobs", jobs])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 2 and "a-empty.txt: file is empty" in lines[0] and "z-binary.txt" in lines[1]
    assert all(line.startswith("error: ") for line in lines)
    assert not (demo_project / ".qualcode" / "project.db").exists()

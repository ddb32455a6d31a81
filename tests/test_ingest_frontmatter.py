"""split_front_matter: YAML between `---` lines at the top of a text source."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.errors import InputError
from qualcode.ingest.frontmatter import split_front_matter

PATH = Path("transkrip/inf01.txt")


def _error(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        split_front_matter(text, PATH)
    assert caught.value.path == str(PATH)
    return caught.value


# --- valid front matter ----------------------------------------------------------------

def test_valid_mapping_is_parsed_with_lowercased_keys_and_iso_date():
    text = ("---\n"
            "Case: INF01\n"
            "Role: Kepala Dinas\n"
            "Date: 2024-03-05\n"
            "source_type: interview\n"
            "Language: ID\n"
            "---\n"
            "P: Selamat pagi.\n")
    metadata, body, lines_used = split_front_matter(text, PATH)
    assert metadata == {
        "case": "INF01",
        "role": "Kepala Dinas",
        "date": "2024-03-05",
        "source_type": "interview",
        "language": "id",
    }
    assert isinstance(metadata["date"], str)
    assert body == "P: Selamat pagi.\n"
    assert lines_used == 7


@pytest.mark.parametrize("value", ["2024-03-05", "'2024-03-05'", "2024-03-05 10:30:00"])
def test_date_forms_become_iso_date_strings(value):
    metadata, _, _ = split_front_matter(f"---\ndate: {value}\n---\nteks\n", PATH)
    assert metadata["date"] == "2024-03-05"


def test_numeric_case_becomes_text():
    metadata, _, _ = split_front_matter("---\ncase: 7\n---\nteks\n", PATH)
    assert metadata["case"] == "7"


def test_empty_front_matter_gives_empty_mapping():
    metadata, body, lines_used = split_front_matter("---\n---\nteks\n", PATH)
    assert metadata == {}
    assert body == "teks\n"
    assert lines_used == 2


def test_dots_close_front_matter_too():
    metadata, body, _ = split_front_matter("---\ncase: INF01\n...\nteks\n", PATH)
    assert metadata == {"case": "INF01"}
    assert body == "teks\n"


def test_front_matter_with_nothing_after_it_has_empty_body():
    metadata, body, _ = split_front_matter("---\ncase: INF01\n---", PATH)
    assert metadata == {"case": "INF01"}
    assert body == ""


# --- no front matter -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "P: Selamat pagi.\nI: Pagi.\n",
    "Judul\n---\nteks di bawah garis\n",
    "",
])
def test_text_without_front_matter_is_returned_whole(text):
    assert split_front_matter(text, PATH) == ({}, text, 0)


# --- errors ----------------------------------------------------------------------------

def test_malformed_yaml_reports_file_line_counting_the_opening_dashes_as_line_1():
    error = _error("---\n"                  # line 1
                   "case: INF01\n"          # line 2
                   "role: kepala: dinas\n"  # line 3  <- 'mapping values are not allowed'
                   "---\n"
                   "teks\n")
    assert error.line == 3
    assert "YAML" in error.message


def test_malformed_yaml_further_down_reports_its_line():
    error = _error("---\n"                 # 1
                   "case: INF01\n"         # 2
                   "role: Staf\n"          # 3
                   "site: Bandung\n"       # 4
                   "- bukan mapping\n"     # 5  <- a list item inside a mapping
                   "---\n"
                   "teks\n")
    assert error.line == 5


def test_unclosed_bracket_reports_the_line_that_opened_it():
    error = _error("---\n"                 # 1
                   "case: INF01\n"         # 2
                   "role: [Staf, Kepala\n" # 3  <- never closed
                   "site: Bandung\n"       # 4
                   "---\n"
                   "teks\n")
    assert error.line == 3


def test_list_instead_of_mapping_is_rejected():
    error = _error("---\n- case\n- INF01\n---\nteks\n")
    assert "mapping" in error.message
    assert error.line == 2


def test_plain_scalar_instead_of_mapping_is_rejected():
    error = _error("---\nhanya sebuah kalimat\n---\nteks\n")
    assert "mapping" in error.message


def test_unknown_source_type_names_value_and_choices_and_line():
    error = _error("---\ncase: INF01\nsource_type: podcast\n---\nteks\n")
    assert "podcast" in error.message
    assert "interview" in error.message
    assert error.line == 3


@pytest.mark.parametrize("value", ["next tuesday", "05/03/2024", "2024-02-30", "2024-13-01"])
def test_date_that_is_not_a_date_is_an_input_error_with_line(value):
    error = _error(f"---\ncase: INF01\ndate: {value}\n---\nteks\n")
    assert "date" in error.message
    assert error.line == 3


@pytest.mark.parametrize("text, line", [
    ("---\n"                # 1
     "note: |\n"            # 2
     "  baris satu\n"       # 3
     "  baris dua\n"        # 4
     "date: besok\n"        # 5
     "---\nteks\n", 5),
    ("---\n"                # 1
     "# wawancara kedua\n"  # 2
     "\n"                   # 3
     "source_type: podcast\n"  # 4
     "---\nteks\n", 4),
], ids=["after-multiline-value", "after-comment-and-blank"])
def test_invalid_value_line_is_the_real_file_line(text, line):
    assert _error(text).line == line


def test_unclosed_front_matter_reports_line_1():
    error = _error("---\ncase: INF01\nP: Selamat pagi.\nI: Pagi.\n")
    assert error.line == 1
    assert "never closed" in error.message


@pytest.mark.parametrize("written, read", [("14 Mei 2024", "2024-05-14"), ("Rabu, 22 Mei 2024", "2024-05-22"),
                                           ("3 March 2024", "2024-03-03"), ("17 Agustus 2024 pukul 09.00", "2024-08-17")])
def test_a_date_with_its_months_name_is_read_as_a_header_writes_it(written, read):
    metadata, _, _ = split_front_matter(f"---\ndate: {written}\n---\nP: Halo.\n", PATH)
    assert metadata["date"] == read


def test_an_unquoted_colon_in_a_value_is_named_with_its_cure():
    error = _error("---\ncase: x\ntitle: FGD 1: Kepala desa\n---\nP: Halo.\n")
    assert error.line == 3 and "a value holding ': ' needs quotes" in error.message


def test_every_problem_of_the_front_matter_is_named_at_its_line():
    from qualcode.errors import InputErrors

    error = _error("---\ncase: x\nsource_type: intervew\ndate: 2023-13-45\nlanguage: xx\n---\nP: Halo.\n")
    assert isinstance(error, InputErrors)
    assert [(found.line, found.message.split()[0]) for found in error.errors] == [
        (3, "unknown"), (4, "date"), (5, "language")]
    assert str(error).splitlines() == [f"{PATH}:3: unknown source_type 'intervew'; use one of interview, "
                                       "observation, document, fieldnote, response",
                                       f"{PATH}:4: date '2023-13-45' is not a date (use YYYY-MM-DD, or 14 Mei 2024)",
                                       f"{PATH}:5: language 'xx' is not supported; use id, en"]


def test_a_project_with_two_front_matter_slips_and_an_empty_file_names_all_three(tmp_path):
    from typer.testing import CliRunner

    from qualcode.cli import app
    from tests.test_cli import invoke

    runner = CliRunner()
    assert runner.invoke(app, ["init", str(tmp_path / "p")]).exit_code == 0
    project = tmp_path / "p"
    (project / "transcripts" / "a.txt").write_text(
        "---\ncase: x\nsource_type: intervew\ndate: 2023-13-45\n---\nP: Halo.\nI: Halo.\n", encoding="utf-8")
    (project / "transcripts" / "b.txt").write_bytes(b"")
    result = invoke(runner, project, "ingest")
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert [line.split(": ", 2)[1].rsplit("/", 1)[-1] for line in lines] == ["a.txt:3", "a.txt:4", "b.txt"]
    assert all(line.startswith("error: ") for line in lines)
    # the last line says the good files wait too: one bad file holds the whole ingest
    assert lines[-1].endswith("; nothing was ingested until these are mended or moved out of the transcripts")
    assert not (project / ".qualcode" / "project.db").exists()

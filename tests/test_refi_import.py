"""REFI-QDA import: small hand-made archives that imitate each vendor's quirks.

No vendor sample files: every archive is written here. Positions are computed the way
each producer counts them (NVivo: UTF-16 units with CRLF as two; ATLAS.ti: CRLF as
one; the standard: code points), so the tests check the conversion to our offsets.
"""

from __future__ import annotations

import codecs
import json
import zipfile
from pathlib import Path

import pytest

import qualcode
from qualcode.codebook import load_codebook
from qualcode.ingest.decode import normalise
from qualcode.interop.offsets import CODE_POINTS, CRLF_AS_ONE, UTF16, PositionMap, choose_scheme
from qualcode.interop.refi_codes import normal_color
from qualcode.store import Store
from tests.test_cli import invoke

NS = "urn:QDA-XML:project:1.0"


# ------------------------------------------------------------------------------ builders
def write_archive(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def position(text: str, needle: str, scheme: str, occurrence: int = 1) -> tuple[int, int]:
    """Where a producer says `needle` is in `text` (the text as it wrote it)."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    end = start + len(needle)

    def count(i: int) -> int:
        prefix = text[:i]
        if scheme == "utf16":
            return len(prefix.encode("utf-16-le")) // 2
        if scheme == "crlf1":
            return len(prefix.replace("\r\n", "\n"))
        return len(prefix)

    return count(start), count(end)


def selection(guid: str, span: tuple[int, int], codings: list[tuple[str, str | None]],
              notes: tuple[str, ...] = ()) -> str:
    inner = "".join(f'<Coding guid="{guid[:-4]}{n:04d}"' + (f' creatingUser="{user}"' if user else "")
                    + f'><CodeRef targetGUID="{code}"/></Coding>'
                    for n, (code, user) in enumerate(codings, start=1))
    inner += "".join(f'<NoteRef targetGUID="{note}"/>' for note in notes)
    return (f'<PlainTextSelection guid="{guid}" startPosition="{span[0]}" endPosition="{span[1]}">'
            f'{inner}</PlainTextSelection>')


def project(origin: str | None, body: str, name: str = "Vendor project") -> str:
    origin_attr = f' origin="{origin}"' if origin else ""
    return f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{NS}" name="{name}"{origin_attr}>{body}</Project>'


def g(n: int, upper: bool = False, braces: bool = False) -> str:
    guid = f"00000000-0000-4000-8000-{n:012d}"
    guid = guid.upper() if upper else guid
    return "{" + guid + "}" if braces else guid


CODEBOOK = (f'<CodeBook><Codes>'
            f'<Code guid="{g(1)}" name="Strategies" isCodable="false">'
            f'<Description>Ways the city works.</Description>'
            f'<Code guid="{g(2)}" name="Budget" isCodable="true" color="#FF0000"/>'
            f'<Code guid="{g(3)}" name="Technology" isCodable="true" color="#00ff00">'
            f'<Code guid="{g(4)}" name="Infrastructure" isCodable="true" color="#0000FF"/></Code>'
            f'</Code></Codes></CodeBook>')


# ------------------------------------------------------------------------------ NVivo
NVIVO_TEXT = ("Interviewer: How is the budget for the programme? 👍\r\n\r\n"
              "Ana: The APBD budget is too small for maintenance. 🙁 We need more funds.\r\n\r\n"
              "Interviewer: And the network?\r\n\r\n"
              "Ana: The fibre network 🚀 was built with a telecom partner.\r\n")


def nvivo_archive(path: Path) -> Path:
    """NVivo: UTF-16 text with CRLF, positions in UTF-16 units, uppercase GUIDs, `Sources/`."""
    source, user = g(100, upper=True), g(900, upper=True)
    budget = position(NVIVO_TEXT, "The APBD budget is too small for maintenance. 🙁 We need more funds.", "utf16")
    partner = position(NVIVO_TEXT, "telecom partner", "utf16")
    whole_turn = position(NVIVO_TEXT, "Ana: The fibre network 🚀 was built with a telecom partner.", "utf16")
    body = (f'<Users><User guid="{user}" name="Ana Researcher"/></Users>' + CODEBOOK.replace(g(2), g(2, upper=True))
            + f'<Variables><Variable guid="{g(50)}" name="role" typeOfVariable="Text"/>'
            f'<Variable guid="{g(51)}" name="age" typeOfVariable="Integer"/></Variables>'
            f'<Cases><Case guid="{g(60)}" name="Ana">'
            f'<VariableValue><VariableRef targetGUID="{g(50)}"/><TextValue>community</TextValue></VariableValue>'
            f'<VariableValue><VariableRef targetGUID="{g(51)}"/><IntegerValue>34</IntegerValue></VariableValue>'
            f'<SourceRef targetGUID="{source}"/></Case></Cases>'
            f'<Sources><TextSource guid="{source}" name="Interview Ana.docx" plainTextPath="internal://{source}.txt">'
            + selection(g(200), budget, [(g(2, upper=True), user)])
            + selection(g(201), partner, [(g(4), user)])
            + selection(g(202), whole_turn, [(g(3), user)])
            + f'<NoteRef targetGUID="{g(300)}"/></TextSource></Sources>'
            f'<Notes><Note guid="{g(300)}" name="About Ana" creatingUser="{user}">'
            f'<PlainTextContent>Ana was tired.</PlainTextContent></Note></Notes>')
    return write_archive(path, {
        "project.qde": project("NVivo 14.23.0 (Windows)", body),
        f"Sources/{source}.txt": codecs.BOM_UTF16_LE + NVIVO_TEXT.encode("utf-16-le"),
    })


def rows(folder: Path) -> tuple[list, list, list]:
    with Store(folder / ".qualcode" / "project.db") as store:
        return store.sources(), store.all_codings(), store.span_codings()


def project_codebook(project: Path) -> Path:
    from qualcode.project import load_config

    return load_config(project).codebook_path


def test_nvivo_utf16_crlf(small_project, runner):
    archive = nvivo_archive(small_project / "nvivo.qdpx")
    result = invoke(runner, small_project, "import", "qdpx", str(archive))
    assert result.exit_code == 0, result.output
    assert "UTF-16 code units, CRLF as two (NVivo)" in result.output
    [source], codings, spans = rows(small_project)
    assert source.id == "interview-ana" and source.text == normalise(NVIVO_TEXT)
    assert "\r" not in source.text and source.case_id == "Ana" and source.language == "en"
    assert [s.speaker for s in source.segments] == ["Interviewer", "Ana", "Interviewer", "Ana"]
    found = {(c.segment_id, c.code_id, c.coder, c.status, c.origin) for c in codings}
    assert found == {("interview-ana:2", "budget", "Ana Researcher", "accepted", "imported"),
                     ("interview-ana:4", "infrastructure", "Ana Researcher", "accepted", "imported"),
                     ("interview-ana:4", "technology", "Ana Researcher", "accepted", "imported")}
    [span] = spans
    assert source.text[span["start"]:span["end"]] == "telecom partner"
    assert span["segment_id"] == "interview-ana:4"
    with Store(small_project / ".qualcode" / "project.db") as store:
        assert store.case_attributes()["Ana"] == {"role": "community", "age": "34"}
        [memo] = store.memos("source", "interview-ana")
    assert (memo.text, memo.author) == ("Ana was tired.", "Ana Researcher")
    # a project as `init` made it takes the imported project's own framework as its codebook
    # (merged into the shipped smart-city one, its codes would be judged by other strategies)
    assert "codebooks/nvivo.yaml: the imported project's own framework, now the project's codebook" in result.output
    codebook = load_codebook(project_codebook(small_project))
    assert project_codebook(small_project).name == "nvivo.yaml"
    codes = codebook.by_id()
    assert codes["infrastructure"].parent == "technology" and codes["technology"].parent == "strategies"
    assert codes["budget"].color == "#ff0000" and codes["strategies"].definition == {"*": "Ways the city works."}
    assert codebook.framework.dimensions == ("strategies",) and "budget-support" not in codes
    shipped = (small_project / "codebooks" / "smart-city.yaml").read_bytes()
    assert shipped == (Path(qualcode.__file__).parent / "data" / "codebooks" / "smart-city.yaml").read_bytes()
    # what did not come over is said: the project's name, and that no rejection is in the file
    said = " ".join(result.output.split())
    assert "skipped: the project's name 'Vendor project': qualcode.toml names this one" in said
    assert "REFI-QDA holds no rejected codings: `qualcode code auto` here would suggest again" in said
    # and the next step is a report of people's codings, not a machine run over them
    status = invoke(runner, small_project, "status")
    assert "next: `qualcode report --reviewed-only`" in " ".join(status.output.split())


# ------------------------------------------------------------------------------ ATLAS.ti
ATLAS_TEXT = ("I: What supports the programme?\r\n\r\n"
              "R: The mayor's commitment matters most.\r\n\r\n"
              "I: And the cafe\u0301 owners?\r\n\r\n"
              "R: The cafe\u0301 owners joined the digital payment scheme.\r\n")


def atlas_archive(path: Path) -> Path:
    """ATLAS.ti: `Trial.qde`, CRLF in the file counted as one, braced GUIDs, decomposed é."""
    source, user = g(110, braces=True), g(910, braces=True)
    mayor = position(ATLAS_TEXT, "The mayor's commitment matters most.", "crlf1")
    payment = position(ATLAS_TEXT, "digital payment scheme", "crlf1")
    body = (f'<Users><User guid="{user}" name="Budi"/></Users>' + CODEBOOK
            + f'<Sources><TextSource guid="{source}" name="Trial interview" plainTextPath="internal://{g(110)}.txt">'
            + selection(g(210), mayor, [(g(2, braces=True), user)])
            + selection(g(211), payment, [(g(3), user)])
            + '</TextSource></Sources><Sets/>')
    return write_archive(path, {"Trial.qde": project("ATLAS.ti 23.2.1 (Windows)", body),
                                f"sources/{g(110)}.txt": ATLAS_TEXT.encode("utf-8")})


def test_atlas_trial_qde_crlf_as_one(small_project, runner):
    archive = atlas_archive(small_project / "atlas.qdpx")
    result = invoke(runner, small_project, "import", "qdpx", str(archive))
    assert result.exit_code == 0, result.output
    assert "CRLF counted as one (ATLAS.ti)" in result.output
    [source], codings, spans = rows(small_project)
    assert source.text == normalise(ATLAS_TEXT) and "caf\u00e9" in source.text
    assert {(c.segment_id, c.code_id, c.coder) for c in codings} == {
        ("trial-interview:2", "budget", "Budi"), ("trial-interview:4", "technology", "Budi")}
    [span] = spans
    assert source.text[span["start"]:span["end"]] == "digital payment scheme"


# ------------------------------------------------------------------------------ qc and others
QC_TEXT = ("Moderator: Tell me about the services.\n\n"
           "Warga: The complaint app works, but the budget is small.\n\n"
           "Warga: Nobody maintains the sensors.\n")


INLINE = "Fieldnote: the sensors were offline."


def qc_archive(path: Path) -> Path:
    """qc: a bare plainTextPath, empty <Sets/>, an unnamed case, odd colours, a BOM."""
    source, user = g(120), g(920)
    across = position(QC_TEXT, "the budget is small.\n\nWarga: Nobody", "standard")
    codes = CODEBOOK.replace('color="#FF0000"', 'color="F00"').replace('color="#00ff00"', 'color="rgb(0, 128, 0)"')
    codes = codes.replace('color="#0000FF"', 'color="0xFF336699"')
    body = (f'<Users><User guid="{user}" name="chris"/></Users>' + codes
            + f'<Cases><Case guid="{g(61)}"><SourceRef targetGUID="{source}"/></Case></Cases>'
            + f'<Sources><TextSource guid="{source}" name="warga.txt" plainTextPath="{source}.txt">'
            + selection(g(220), position(QC_TEXT, "Nobody maintains the sensors.", "standard"), [(g(4), user)])
            + selection(g(221), across, [(g(2), user)])
            + '</TextSource>'
            + f'<TextSource guid="{g(121)}" name="inline note"><PlainTextContent>{INLINE}</PlainTextContent>'
            + selection(g(222), position(INLINE, "offline", "standard"), [(g(4), None)]) + '</TextSource>'
            + f'<PictureSource guid="{g(122)}" name="photo" path="internal://x.jpg"/></Sources><Sets/>')
    return write_archive(path, {"project.qde": project("qc", body),
                                f"sources/{source}.txt": codecs.BOM_UTF8 + QC_TEXT.encode("utf-8")})


def test_qc_bare_paths_inline_text_and_spans_across_segments(small_project, runner):
    archive = qc_archive(small_project / "qc.qdpx")
    result = invoke(runner, small_project, "import", "qdpx", str(archive))
    assert result.exit_code == 0, result.output
    assert "PictureSource photo: only text sources are supported" in result.output
    sources, codings, spans = rows(small_project)
    by_id = {s.id: s for s in sources}
    assert set(by_id) == {"warga", "inline-note"}
    assert by_id["warga"].text == QC_TEXT and by_id["warga"].case_id == "warga"
    assert by_id["inline-note"].text == "Fieldnote: the sensors were offline."
    assert ("warga:3", "infrastructure", "chris") in {(c.segment_id, c.code_id, c.coder) for c in codings}
    [across] = [s for s in spans if s["segment_id"] is None]
    assert by_id["warga"].text[across["start"]:across["end"]] == "the budget is small.\n\nWarga: Nobody"
    assert across["code_id"] == "budget" and across["coder"] == "chris"
    assert ("inline-note:1", "infrastructure", "imported") in {(c.segment_id, c.code_id, c.coder) for c in codings}
    codes = load_codebook(project_codebook(small_project)).by_id()
    assert (codes["budget"].color, codes["technology"].color, codes["infrastructure"].color) == (
        "#ff0000", "#008000", "#336699")


def test_import_is_idempotent_and_reports_what_is_already_there(small_project, runner):
    archive = nvivo_archive(small_project / "nvivo.qdpx")
    assert invoke(runner, small_project, "import", "qdpx", str(archive)).exit_code == 0
    codebook_before = project_codebook(small_project).read_text(encoding="utf-8")
    again = invoke(runner, small_project, "import", "qdpx", str(archive))
    assert again.exit_code == 0, again.output
    assert "1 source already in the project" in again.output and "3 codings already present" in again.output
    assert project_codebook(small_project).read_text(encoding="utf-8") == codebook_before
    [source], codings, spans = rows(small_project)
    assert len(codings) == 3 and len(spans) == 1


def test_codings_land_on_ingested_segments_when_the_text_is_the_same(small_project, runner):
    """A colleague's coding of a transcript we hold attaches to our own segments."""
    assert invoke(runner, small_project, "ingest").exit_code == 0
    with Store(small_project / ".qualcode" / "project.db") as store:
        mitra = next(s for s in store.sources() if s.id == "mitra")
    segment = mitra.segments[1]
    body = (f'<Users><User guid="{g(930)}" name="colleague"/></Users>' + CODEBOOK
            + f'<Sources><TextSource guid="{g(130)}" name="anything" plainTextPath="internal://{g(130)}.txt">'
            + selection(g(230), (segment.start, segment.end), [(g(2), g(930))]) + '</TextSource></Sources>')
    archive = write_archive(small_project / "colleague.qdpx", {
        "project.qde": project("MAXQDA 2022", body), f"sources/{g(130)}.txt": mitra.text})
    result = invoke(runner, small_project, "import", "qdpx", str(archive))
    assert result.exit_code == 0, result.output
    sources, codings, _ = rows(small_project)
    assert len(sources) == 3
    assert (segment.id, "budget", "colleague") in {(c.segment_id, c.code_id, c.coder) for c in codings}


def test_a_different_text_under_a_taken_name_gets_its_own_id(small_project, runner):
    assert invoke(runner, small_project, "ingest").exit_code == 0
    body = (f'<Sources><TextSource guid="{g(140)}" name="mitra"><PlainTextContent>Other words entirely.'
            f'</PlainTextContent></TextSource></Sources>')
    archive = write_archive(small_project / "other.qdpx", {"project.qde": project(None, body)})
    result = invoke(runner, small_project, "import", "qdpx", str(archive))
    assert result.exit_code == 0, result.output
    assert "imported as mitra-2" in result.output
    assert {s.id for s in rows(small_project)[0]} == {"mitra", "mitra-2", "pemkot", "warga"}


# ------------------------------------------------------------------------------ offsets
def test_origin_is_verified_and_overruled_by_word_boundaries():
    text = "A 😀 b 😀 c 😀 d 😀. The budget matters 😀 and the network too 😀.\r\nAlso roads."
    positions = PositionMap(text)
    spans = [position(text, word, "utf16") for word in ("budget", "network", "roads", "matters")]
    choice = choose_scheme("QualCoder 3.5", [(positions, spans)])
    assert choice.declared == CODE_POINTS and choice.scheme == UTF16 and choice.overruled
    assert "fits clearly better" in choice.describe()
    atlas = [position(text, w, "crlf1") for w in ("budget", "roads")]
    assert choose_scheme("ATLAS.ti 9", [(positions, atlas)]).scheme == CRLF_AS_ONE


def test_positions_convert_through_crlf_surrogates_and_nfc():
    raw = "Cafe\u0301 👍\r\nbudget\r\nend"
    positions = PositionMap(raw)
    assert positions.text == "Caf\u00e9 👍\nbudget\nend"
    for scheme, key in ((CODE_POINTS, "standard"), (UTF16, "utf16"), (CRLF_AS_ONE, "crlf1")):
        start, end = positions.span(*position(raw, "budget", key), scheme)
        assert positions.text[start:end] == "budget"
    assert positions.span(0, 10_000, CODE_POINTS) is None


@pytest.mark.parametrize("odd, expected", [
    ("#FF0000", "#ff0000"), ("ff0000", "#ff0000"), ("#F00", "#ff0000"), ("#80FF0000", "#ff0000"),
    ("#FF0000FF", "#0000ff"), ("#336699FF", "#336699"), ("rgb(255, 0, 0)", "#ff0000"), ("255,0,0", "#ff0000"),
    ("16711680", "#ff0000"), ("-65536", "#ff0000"), ("red", "#ff0000"), ("nonsense", None), ("", None),
])
def test_odd_colours(odd, expected):
    assert normal_color(odd) == expected


# ------------------------------------------------------------------------------ qdc
def test_import_qdc_creates_or_merges_a_codebook(small_project, runner, tmp_path):
    qdc = tmp_path / "vendor.qdc"
    qdc.write_text('<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
                   + CODEBOOK.removeprefix("<CodeBook>"), encoding="utf-8")
    created = tmp_path / "new.yaml"
    result = invoke(runner, small_project, "import", "qdc", str(qdc), "--into", str(created))
    assert result.exit_code == 0, result.output
    codebook = load_codebook(created)
    assert [c.id for c in codebook.codes] == ["strategies", "budget", "technology", "infrastructure"]
    assert codebook.framework.dimensions == ("strategies",)
    assert codebook.by_id()["strategies"].kind == "dimension"

    target = small_project / "codebooks" / "smart-city.yaml"
    before = target.read_text(encoding="utf-8")
    merged = invoke(runner, small_project, "import", "qdc", str(qdc))
    assert merged.exit_code == 0, merged.output
    after = target.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n")) and "# imported from vendor.qdc" in after
    again = invoke(runner, small_project, "import", "qdc", str(qdc))
    assert "4 codes matched" in again.output
    assert target.read_text(encoding="utf-8") == after


def test_unknown_code_references_are_reported_not_fatal(small_project, runner):
    body = (f'<Sources><TextSource guid="{g(150)}" name="s"><PlainTextContent>Budget words here.</PlainTextContent>'
            + selection(g(250), (0, 6), [(g(77), None)]) + '</TextSource></Sources>')
    archive = write_archive(small_project / "x.qdpx", {"project.qde": project(None, body)})
    result = invoke(runner, small_project, "import", "qdpx", str(archive))
    assert result.exit_code == 0, result.output
    assert "refers to an unknown code" in result.output



TOKENS = ["a", "b", "word", " ", "\r\n", "\n", "\u00e9", "e\u0301", "😀", "\t"]


def _count(text: str, scheme) -> int:
    if scheme.crlf_as_one:
        text = text.replace("\r\n", "\n")
    return len(text.encode("utf-16-le")) // 2 if scheme.utf16 else len(text)


def test_every_scheme_converts_to_the_same_normalised_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from qualcode.interop.offsets import SCHEMES

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=40), st.data())
    def check(tokens, data):
        raw = "".join(tokens)
        positions = PositionMap(raw)
        assert positions.text == normalise(raw)
        i = data.draw(st.integers(0, len(tokens)))
        j = data.draw(st.integers(i, len(tokens)))
        before, inside = "".join(tokens[:i]), "".join(tokens[i:j])
        for scheme in SCHEMES:
            start = _count(before, scheme)
            span = positions.span(start, start + _count(inside, scheme), scheme)
            assert span is not None
            assert positions.text[span[0]:span[1]] == normalise(inside), scheme.key

    check()


@pytest.mark.parametrize("reference", [
    "internal://ABCD-1.txt", "abcd-1.txt", "sources/abcd-1.txt", "Sources\\ABCD-1.txt",
    "C:\\Users\\me\\Documents\\abcd-1.txt", "/home/me/abcd-1.txt", "file:///tmp/abcd-1.txt",
    "internal://{abcd-1}.txt",
])
def test_plain_text_paths_in_every_form(tmp_path, reference):
    from qualcode.interop.refi_import import resolve_path
    from qualcode.interop.safezip import open_archive

    path = write_archive(tmp_path / "a.qdpx", {"project.qde": "<Project/>", "sources/abcd-1.txt": "x"})
    with open_archive(path) as archive:
        assert resolve_path(archive, reference) == "sources/abcd-1.txt"
        assert resolve_path(archive, "internal://../../etc/passwd") is None


def test_a_project_that_has_coded_keeps_its_codebook_and_gains_the_codes(small_project, runner):
    """Only a project as `init` made it (the shipped codebook untouched, nothing coded) takes
    the imported framework; a project under way merges the codes into its own codebook."""
    assert invoke(runner, small_project, "run").exit_code == 0
    archive = nvivo_archive(small_project / "nvivo.qdpx")
    result = invoke(runner, small_project, "import", "qdpx", str(archive))
    assert result.exit_code == 0, result.output
    assert project_codebook(small_project).name == "smart-city.yaml"
    codes = load_codebook(project_codebook(small_project)).by_id()
    assert "budget-support" in codes and "technology-2" in codes  # ours kept, theirs beside


def test_a_selection_across_turns_codes_the_turns_it_covers_and_exports_once(small_project, runner, tmp_path):
    """NVivo and MAXQDA users code a question with its answer, or a whole document: such a
    coding counts on each codable turn it covers at least half of, and goes back out as the
    one selection it was."""
    import xml.etree.ElementTree as ET

    source, user = g(130), g(930)
    question_and_answer = position(QC_TEXT, "Moderator: Tell me about the services.\n\n"
                                            "Warga: The complaint app works, but the budget is small.", "standard")
    body = (f'<Users><User guid="{user}" name="dewi"/></Users>' + CODEBOOK
            + f'<Sources><TextSource guid="{source}" name="warga.txt" plainTextPath="internal://{source}.txt">'
            + selection(g(230), question_and_answer, [(g(2), user)])
            + f'<Coding guid="{g(231)}" creatingUser="{user}"><CodeRef targetGUID="{g(4)}"/></Coding>'
            + '</TextSource></Sources>')
    archive = write_archive(small_project / "across.qdpx", {"project.qde": project("MAXQDA 2022", body),
                                                            f"sources/{source}.txt": QC_TEXT})
    result = invoke(runner, small_project, "import", "qdpx", str(archive))
    assert result.exit_code == 0, result.output
    _, codings, spans = rows(small_project)
    mine = {(c.segment_id, c.code_id) for c in codings if c.coder == "dewi"}
    assert ("warga:2", "budget") in mine and ("warga:1", "budget") not in mine  # the question is not coded
    assert {("warga:2", "infrastructure"), ("warga:3", "infrastructure")} <= mine  # the whole document
    assert len([s for s in spans if s["segment_id"] is None]) == 2
    listed = json.loads(invoke(runner, small_project, "code", "list", "--code", "budget", "--format", "json").stdout)
    assert [row["segment_id"] for row in listed if row["coder"] == "dewi"] == ["warga:2"]

    out = tmp_path / "back.qdpx"
    assert invoke(runner, small_project, "export", "qdpx", "--out", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as back:
        root = ET.fromstring(back.read("project.qde"))
    spans_out = sorted((int(s.get("startPosition")), int(s.get("endPosition")))
                       for s in root.iter(f"{{{NS}}}PlainTextSelection")
                       if any(c.get("targetGUID") for c in s.iter(f"{{{NS}}}CodeRef")))
    assert question_and_answer in spans_out and (0, len(QC_TEXT)) in spans_out
    assert len(spans_out) == 2  # no second selection per turn it coded


def test_a_pdf_with_its_text_comes_over_as_that_text_and_its_codings(small_project, runner):
    """ATLAS.ti exports a PDF with a plain-text Representation: that text is the source, with
    the selections in it; only selections of page areas cannot come over, and are said."""
    pdf, text_guid, user = g(140), g(141), g(940)
    text = "Laporan kinerja.\n\nAnggaran pemeliharaan jaringan belum tersedia tahun ini.\n"
    body = (f'<Users><User guid="{user}" name="eko"/></Users>' + CODEBOOK
            + f'<Sources><PDFSource guid="{pdf}" name="Laporan.pdf" path="internal://{pdf}.pdf">'
            + f'<Representation guid="{text_guid}" plainTextPath="internal://{text_guid}.txt">'
            + selection(g(240), position(text, "Anggaran pemeliharaan jaringan belum tersedia tahun ini.",
                                         "standard"), [(g(2), user)])
            + '</Representation>'
            + f'<PDFSelection guid="{g(241)}" page="1" firstX="1" firstY="1" secondX="9" secondY="9">'
            + f'<Coding guid="{g(242)}" creatingUser="{user}"><CodeRef targetGUID="{g(4)}"/></Coding>'
            + '</PDFSelection></PDFSource>'
            + f'<TextSource guid="{g(143)}" name="gone.txt" plainTextPath="internal://{g(143)}.txt">'
            + selection(g(243), (0, 4), [(g(2), user)]) + '</TextSource></Sources>')
    archive = write_archive(small_project / "atlas-pdf.qdpx", {
        "project.qde": project("ATLAS.ti 23", body),
        f"sources/{text_guid}.txt": text, f"sources/{pdf}.pdf": b"%PDF-1.4 not read"})
    result = invoke(runner, small_project, "import", "qdpx", str(archive))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "PDFSource Laporan.pdf: 1 area selection(s) of its pages, with 1 coding(s), not supported" in said
    assert "source gone.txt: its text file" in said and "(1 coding with it)" in said
    sources, codings, _ = rows(small_project)
    [report] = [s for s in sources if s.id == "laporan"]
    assert report.text == text
    assert ("laporan:2", "budget", "eko") in {(c.segment_id, c.code_id, c.coder) for c in codings}


def test_a_page_break_in_a_sources_text_is_text(small_project, runner):
    source, user = g(150), g(950)
    text = "Notulen rapat RW 05\f\n\nKeputusan: usulan anggaran wifi publik diajukan ke kelurahan.\n"
    body = (f'<Users><User guid="{user}" name="gus"/></Users>' + CODEBOOK
            + f'<Sources><TextSource guid="{source}" name="notulen.txt" plainTextPath="internal://{source}.txt">'
            + selection(g(250), position(text, "usulan anggaran wifi publik", "standard"), [(g(2), user)])
            + '</TextSource></Sources>')
    archive = write_archive(small_project / "ff.qdpx", {"project.qde": project("MAXQDA 2022", body),
                                                        f"sources/{source}.txt": text})
    result = invoke(runner, small_project, "import", "qdpx", str(archive))
    assert result.exit_code == 0 and "binary" not in result.output, result.output
    sources, codings, _ = rows(small_project)
    assert any(s.id == "notulen" for s in sources)
    assert any(c.code_id == "budget" and c.coder == "gus" for c in codings)


def test_a_variable_named_role_in_capitals_is_the_informants_role(small_project, runner):
    archive = nvivo_archive(small_project / "nvivo.qdpx")
    with zipfile.ZipFile(archive) as original:
        members = {name: original.read(name) for name in original.namelist()}
    members["project.qde"] = members["project.qde"].replace(b'name="role"', b'name="Role"').replace(
        b'name="age"', b'name="Age"')
    write_archive(archive, members)
    assert invoke(runner, small_project, "import", "qdpx", str(archive)).exit_code == 0
    with Store(small_project / ".qualcode" / "project.db") as store:
        attributes = {case.id: case.attributes for case in store.cases()}
    assert attributes["Ana"]["role"] == "community" and attributes["Ana"]["age"] == "34"


def test_an_empty_selection_codes_nothing_and_a_reversed_one_is_read_round(small_project, runner):
    source, user = g(160), g(960)
    answer = position(QC_TEXT, "Nobody maintains the sensors.", "standard")
    body = (f'<Users><User guid="{user}" name="tia"/></Users>' + CODEBOOK
            + f'<Sources><TextSource guid="{source}" name="warga.txt" plainTextPath="internal://{source}.txt">'
            + selection(g(260), (answer[0], answer[0]), [(g(2), user)])
            + selection(g(261), (answer[1], answer[0]), [(g(4), user)])
            + '</TextSource></Sources>')
    archive = write_archive(small_project / "odd.qdpx", {"project.qde": project("qc", body),
                                                         f"sources/{source}.txt": QC_TEXT})
    result = invoke(runner, small_project, "import", "qdpx", str(archive))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "an empty selection at" in said
    assert "source warga.txt: 1 selection has its end before its start" in said  # read round, and said so
    _, codings, _ = rows(small_project)
    mine = {(c.segment_id, c.code_id) for c in codings if c.coder == "tia"}
    assert mine == {("warga:3", "infrastructure")}


def test_a_reimport_keeps_same_named_codes_under_two_parents_apart(small_project, runner):
    source, user = g(170), g(970)
    codes = (f'<CodeBook><Codes>'
             f'<Code guid="{g(71)}" name="Biaya" isCodable="true"><Code guid="{g(72)}" name="Lainnya" isCodable="true"/></Code>'
             f'<Code guid="{g(73)}" name="Layanan" isCodable="true"><Code guid="{g(74)}" name="Lainnya" isCodable="true"/></Code>'
             f'</Codes></CodeBook>')
    body = (f'<Users><User guid="{user}" name="fitri"/></Users>' + codes
            + f'<Sources><TextSource guid="{source}" name="warga.txt" plainTextPath="internal://{source}.txt">'
            + selection(g(270), position(QC_TEXT, "Nobody maintains the sensors.", "standard"), [(g(74), user)])
            + '</TextSource></Sources>')
    archive = write_archive(small_project / "twice.qdpx", {"project.qde": project("MAXQDA 2022", body),
                                                           f"sources/{source}.txt": QC_TEXT})
    assert invoke(runner, small_project, "import", "qdpx", str(archive)).exit_code == 0
    before = sorted((c.segment_id, c.code_id) for c in rows(small_project)[1] if c.coder == "fitri")
    again = invoke(runner, small_project, "import", "qdpx", str(archive))
    assert again.exit_code == 0, again.output
    assert "an import adds: codings and codes the file no longer holds" in " ".join(again.output.split())
    after = sorted((c.segment_id, c.code_id) for c in rows(small_project)[1] if c.coder == "fitri")
    assert after == before and len(before) == 1
    codebook = load_codebook(project_codebook(small_project))
    assert codebook.by_id()[before[0][1]].parent == "layanan"


def test_a_long_list_of_skipped_selections_is_cut_and_counted(small_project, runner):
    """145 selections out of range made a screenful of `skipped:` lines: the first 25, then a count."""
    source, user = g(130), g(930)
    body = (f'<Users><User guid="{user}" name="Budi"/></Users>' + CODEBOOK
            + f'<Sources><TextSource guid="{source}" name="Trial" plainTextPath="internal://{source}.txt">'
            + "".join(selection(g(1000 + n), (5000 + n, 5010 + n), [(g(2), user)]) for n in range(30))
            + '</TextSource></Sources>')
    archive = write_archive(small_project / "far.qdpx", {"project.qde": project("x", body),
                                                          f"sources/{source}.txt": b"Pendek saja.\n"})
    result = invoke(runner, small_project, "import", "qdpx", str(archive))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert sum(line.strip().startswith("skipped:") for line in lines) == 25
    # the 30 selections and the project's name (qualcode.toml names this project)
    assert "  … and 6 more skipped (31 in all)" in lines, result.output

"""Coder files: `export coder A --out a.jsonl` and `merge a.jsonl b.jsonl`.

A merge reads and checks every file first (a bad line stops it before the store is
touched), places each line on this project's segments (qualcode.interop.coder_file),
then writes in one transaction: placed decisions through the store's merge API (the newer
decision wins), and every line it could not place into the quarantine, with the reason.
Nothing is dropped; merging the same files again, or in another order, ends the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.fileio import write_atomic
from qualcode.model import AUTO_CODER
from qualcode.project import ProjectConfig
from qualcode.store import Store
from qualcode.workflow.interop import InteropSummary, _writable


def _stored_time(value: str | None) -> str:
    from qualcode.interop.coder_file import normalise_time

    try:
        return normalise_time(value or "")
    except ValueError:  # a time an old import kept as it came: the export's time stands in
        return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _coder_lines(coder: str, codings: list[dict], visits: list[dict], spans: list[dict],
                 memos: list[dict] = ()):
    from qualcode.interop.coder_file import CoderLine, Span, text_sha256

    def line(row: dict, code, decision: str, origin: str, span=None) -> CoderLine:
        text = row["text"]
        return CoderLine(coder, row["source_sha256"], row["source_path"], row["source_id"], row["start"],
                         row["end"], text, text_sha256(text) if text is not None else None, code, decision,
                         origin, _stored_time(row["at"]), row.get("memo"), span)

    decided = [r for r in codings if r["status"] in ("accepted", "rejected")]
    lines = [line(r, r["code_id"], r["status"], r["origin"]) for r in decided]
    lines += [line(r, None, "visited", "manual") for r in visits]
    lines += [line(r, r["code_id"], r["status"], r["origin"],
                   Span(r["span_start"], r["span_end"], r["span_text"]))
              for r in spans if r["status"] in ("accepted", "rejected")]
    lines += [line(r, r["code_id"], "memo", "manual") for r in memos]
    # in the text's order (as docs/formats.md says): a visit beside the decisions on its segment
    lines.sort(key=lambda ln: (ln.source_path, ln.span.start if ln.span else ln.start,
                               ln.span.end if ln.span else ln.end, ln.code or "", ln.span is not None))
    return lines, len(codings) - len(decided)


def export_coder(config: ProjectConfig, coder: str, out: Path) -> InteropSummary:
    """Write one coder's decisions as a coder file (JSON Lines, one decision a line)."""
    out = _writable(out)
    if coder == AUTO_CODER:
        raise QualcodeError(f"{AUTO_CODER!r} is the machine's coder; `code auto` re-makes its suggestions")
    if not config.store_path.exists():
        raise QualcodeError("the project has no segments yet; run `qualcode ingest` first")
    with Store(config.store_path) as store:
        codings, visits = store.coder_codings(coder), store.coder_visits(coder)
        spans, memos = store.coder_spans(coder), store.coder_memos(coder)
        coders = [c for c in store.coders() if c != AUTO_CODER]
    if not (codings or visits or spans or memos):
        raise QualcodeError(f"no decisions by {coder!r}; coders here: {', '.join(coders) or 'none'}")
    lines, skipped = _coder_lines(coder, codings, visits, spans, memos)
    write_atomic(out, "".join(line.to_json() + "\n" for line in lines))
    spans_written = sum(line.span is not None for line in lines)
    summary = InteropSummary(out, {"decisions": len(lines) - len(visits) - spans_written - len(memos),
                                   "segments seen without a code": len(visits),
                                   "span codings": spans_written, "memos": len(memos)})
    if skipped:
        summary.skipped.append(f"{skipped} rows neither accepted nor rejected")
    return summary


@dataclass(frozen=True)
class QuarantinedLine:
    file: str
    line: int
    coder: str
    code: str | None
    source_path: str
    reason: str


@dataclass
class MergeSummary:
    files: list[Path]
    lines: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # added, updated, unchanged, superseded, quarantined
    quarantined: list[QuarantinedLine] = field(default_factory=list)
    renamed: dict[str, int] = field(default_factory=dict)  # "old → new" -> lines placed on the new id


def _read(paths: list[Path]):
    """Every line of every file, checked, with where it first came from."""
    from qualcode.ingest.decode import read_input
    from qualcode.interop.coder_file import read_coder_file

    lines, origin = [], {}
    for path in paths:  # a device (/dev/zero) would be read for ever; a folder named as one
        for number, line in read_coder_file(read_input(Path(path), "coder file"), str(path)):
            lines.append(line)
            origin.setdefault(line, (str(path), number))
    return lines, origin


def merge_coder_files(config: ProjectConfig, paths: list[Path]) -> MergeSummary:
    """Bring coder files into the project; what cannot be placed is quarantined, never dropped."""
    from qualcode.codebook import load_codebook
    from qualcode.interop.coder_file import place_lines

    if not paths:
        raise QualcodeError("give one or more coder files (made by `qualcode export coder`)")
    lines, origin = _read(paths)
    codebook = load_codebook(config.codebook_path)
    if not config.store_path.exists():
        raise QualcodeError("the project has no sources yet; run `qualcode ingest` first")
    summary = MergeSummary(list(paths), len(lines))
    counts = dict.fromkeys(("added", "updated", "unchanged", "superseded", "quarantined"), 0)
    with Store(config.store_path) as store:
        sources = store.sources()
        if not sources:
            raise QualcodeError("the project has no sources yet; run `qualcode ingest` first")
        placed, unplaced = place_lines(lines, sources, set(codebook.by_id()), store.code_renames())
        with store.transaction():
            store.begin_batch()  # one merge, one step for each coder's undo
            try:  # memos after the decisions: one on a coding finds it, whichever file it came in
                for placement in sorted(placed, key=lambda p: p.line.decision == "memo"):
                    counts[_apply(store, placement)] += 1
                store.release_quarantine({p.line.record_sha for p in placed})
                store.quarantine(_quarantine_rows(unplaced, origin))
            finally:
                store.end_batch()
    counts["quarantined"] = len(unplaced)
    summary.counts = counts
    for placement in placed:
        if placement.code != placement.line.code:
            change = f"{placement.line.code} → {placement.code}"
            summary.renamed[change] = summary.renamed.get(change, 0) + 1
    summary.quarantined = [QuarantinedLine(*origin[line], line.coder, line.code, line.source_path, reason)
                           for line, reason in unplaced]
    return summary


def _apply(store: Store, placement) -> str:
    line = placement.line
    if line.decision == "visited":
        return store.merge_visit(placement.segment_id, line.coder)
    if line.decision == "memo":
        return store.merge_memo(placement.segment_id, placement.code, line.coder, line.memo, line.at)
    if placement.span is not None:
        start, end = placement.span
        return store.merge_span(placement.source_id, start, end, placement.segment_id, line.span.text,
                                placement.code, line.coder, line.decision, line.origin, line.memo, line.at)
    return store.merge_coding(placement.segment_id, placement.code, line.coder, line.decision, line.origin,
                              line.memo, line.at)


def _quarantine_rows(unplaced, origin) -> list[dict]:
    return [{"record_sha": line.record_sha, "coder": line.coder, "code_id": line.code,
             "decision": line.decision, "source_path": line.source_path, "reason": reason,
             "record": line.to_json(), "file": origin[line][0], "line": origin[line][1]}
            for line, reason in unplaced]

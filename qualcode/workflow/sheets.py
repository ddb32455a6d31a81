"""Excel coding sheets: export one coder's sheet, import the decisions back.

The cell convention and the workbook's layout are in qualcode.interop.sheets. An import
reads and validates the whole sheet first (every bad row reported, nothing written), then
applies it in one store transaction through Store.decide / Store.remove. A cell that
already matches the coder's decision is left alone, so importing twice changes nothing.
"""

from __future__ import annotations

import shlex
from collections import Counter
from pathlib import Path

from qualcode.errors import InputError, QualcodeError
from qualcode.fileio import write_atomic
from qualcode.model import AUTO_CODER, answered_headings
from qualcode.project import ProjectConfig
from qualcode.store import Store
from qualcode.textrules import natural_key
from qualcode.workflow.interop import InteropSummary, _writable

MAX_SHEET_BYTES = 256 * 1024 ** 2


def _person(coder: str | None, config: ProjectConfig) -> str:
    coder = (coder or config.coder or "").strip()
    if not coder:
        raise QualcodeError("give --coder NAME")
    if coder == AUTO_CODER:
        raise QualcodeError(f"{AUTO_CODER!r} is the machine's coder name; give a person's, e.g. --coder A")
    return coder


def _store_for(config: ProjectConfig) -> Path:
    if not config.store_path.exists():
        raise QualcodeError("the project has no segments yet; run `qualcode ingest` first")
    return config.store_path


def _columns(codebook, codes: list[str] | None, coded: set[str]) -> list:
    """The codes to give columns: those asked for, in that order, or every codable code."""
    from qualcode.interop.refi_codes import is_codable

    index = codebook.by_id()
    if not codes:
        return [code for code in codebook.codes if is_codable(code, codebook, coded)]
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    unknown = [c for c in wanted if c not in index]
    if unknown:
        raise QualcodeError(f"unknown code{'s' if len(unknown) > 1 else ''} "
                            f"{', '.join(map(repr, unknown))} in --codes; see `qualcode codebook show`")
    if not wanted:
        raise QualcodeError("--codes names no code; give code ids separated by commas")
    return [index[c] for c in wanted]


def _sampled(store: Store, name: str) -> set[str]:
    found = set(store.sample(name))
    if not found:
        names = store.sample_names()
        raise QualcodeError(f"no sample {name!r}; " + (f"samples: {', '.join(names)}" if names else
                            "draw one with `qualcode code sample --fraction 0.2 --seed 1 --name NAME`"))
    return found


def export_sheet(config: ProjectConfig, out: Path, coder: str | None = None,
                 codes: list[str] | None = None, sample: str | None = None,
                 suggestions: bool = True, language: str | None = None) -> InteropSummary:
    """Write a coding sheet for one coder, pre-filled with that coder's decisions: of every
    codable segment, or of a `sample`'s; without the machine's suggestions unless `suggestions`
    (a second coder who is to code independently should not see them)."""
    from qualcode.codebook import load_codebook
    from qualcode.interop.sheet_words import sheet_words
    from qualcode.interop.sheets import SheetCode, SheetRow, build_sheet

    out = _writable(out)
    coder = _person(coder, config)
    codebook = load_codebook(config.codebook_path)
    with Store(_store_for(config)) as store:
        sources = store.sources()
        everything = store.all_codings()
        sampled = _sampled(store, sample) if sample is not None else None
    columns = _columns(codebook, codes, {c.code_id for c in everything})
    chosen = {code.id for code in columns}
    suggested: dict[str, list[tuple[str, float]]] = {}
    decisions: dict[str, dict[str, str]] = {}
    for coding in everything:
        if coding.coder == AUTO_CODER and coding.status == "suggested":
            if suggestions:
                suggested.setdefault(coding.segment_id, []).append((coding.code_id, coding.score))
        elif coding.coder == coder and coding.code_id in chosen:
            decisions.setdefault(coding.segment_id, {})[coding.code_id] = coding.status
    sources = sorted(sources, key=lambda source: natural_key(source.id))  # row-2 before row-10
    # a survey's answer: the question it answers, where the speaker would be
    asked = answered_headings((source.id, segment.id, segment.codable, segment.text)
                              for source in sources if source.source_type == "response"
                              for segment in source.segments)
    rows = [
        SheetRow(segment_id=segment.id, source=source.id, speaker=segment.speaker or asked.get(segment.id, ""),
                 text=segment.text,
                 suggestions=tuple(sorted(suggested.get(segment.id, []), key=lambda p: (-p[1], p[0]))),
                 decisions=decisions.get(segment.id, {}))
        for source in sources for segment in source.segments
        if segment.codable and (sampled is None or segment.id in sampled)
    ]
    if not rows:
        raise QualcodeError("the project has no codable segments; run `qualcode ingest` first")
    language = language or config.language
    sheet_codes = [SheetCode(code.id, code.label_in(language), code.definition_in(language),
                             code.include_in(language), code.exclude_in(language))
                   for code in columns]
    write_atomic(out, build_sheet(rows, sheet_codes, coder, config.name, language))
    prefilled = sum(len(row.decisions) for row in rows)
    summary = InteropSummary(out, {"segments": len(rows), "code columns": len(columns),
                                   "decisions pre-filled": prefilled})
    summary.messages.append(f"coder {coder}: fill the code columns with x (coded) or {sheet_words(language)['reject']}, "
                            f"then `qualcode import sheet {shlex.quote(str(out))} --coder {coder}`")
    return summary


def import_sheet(config: ProjectConfig, source: Path, coder: str | None = None) -> InteropSummary:
    """Apply a coding sheet's decisions as `coder`, all or nothing.

    Raises InputError for a file that is no coding sheet of ours, and SheetProblems (an
    InputError listing every bad row) when any row is bad; the store is then untouched."""
    from qualcode.codebook import load_codebook
    from qualcode.interop.sheets import read_sheet

    source = Path(source)
    coder = _person(coder, config)
    if not source.is_file():
        raise InputError(source, "no such file")
    if source.stat().st_size > MAX_SHEET_BYTES:
        raise InputError(source, f"larger than {MAX_SHEET_BYTES:,} bytes; not a coding sheet")
    data = source.read_bytes()
    codebook = load_codebook(config.codebook_path)
    with Store(_store_for(config)) as store:
        stored = [segment for src in store.sources() for segment in src.segments]
        sheet = read_sheet(data, source, coder=coder, segments={s.id: s.codable for s in stored},
                           codes=set(codebook.by_id()), aliases=codebook.ids_by_label(),
                           texts={s.id: s.text for s in stored})
        counts = {"accepted": 0, "rejected": 0, "removed": 0, "unchanged": 0}
        with store.transaction():
            noted = {(m.target_id, m.text) for m in store.memos("segment") if m.author == coder}
            new_notes = [(segment, text) for segment, text in sorted(sheet.notes.items())
                         if (segment, text) not in noted]  # importing twice adds no memo twice
            for segment, text in new_notes:
                store.add_memo("segment", segment, coder, text)
            mine = {(c.segment_id, c.code_id): c.status for c in store.all_codings(coders=[coder])}
            for cell in sheet.cells:
                key = (cell.segment_id, cell.code_id)
                current = mine.get(key)
                if cell.status is None:
                    if key in sheet.prefilled and current is not None:
                        store.remove(cell.segment_id, cell.code_id, coder)
                        mine.pop(key)
                        counts["removed"] += 1
                    else:
                        continue  # an empty cell the sheet never filled: no decision either way
                elif current == cell.status:
                    counts["unchanged"] += 1
                else:
                    store.decide(cell.segment_id, cell.code_id, coder, cell.status,
                                 action=f"sheet {'accept' if cell.status == 'accepted' else 'reject'}")
                    mine[key] = cell.status
                    counts[cell.status] += 1
            # a row kept in the sheet was looked at, ticked or not (agreement on a sample
            # tells it from a row the coder deleted, or never had)
            looked_at = store.visited_segments(coder)
            seen = [segment_id for segment_id in sheet.segment_ids if segment_id not in looked_at]
            for segment_id in seen:
                store.mark_visited(segment_id, coder, action="sheet row")
    ticked = {cell.segment_id for cell in sheet.cells if cell.status}
    counts["newly looked at, nothing coded"] = sum(1 for segment_id in seen if segment_id not in ticked)
    summary = InteropSummary(source, {"segment rows": sheet.rows, **counts,
                                      **({"notes as memos": len(new_notes)} if sheet.notes else {})})
    summary.messages.append(f"coder {coder}")
    # a code column the coder deleted: its pre-filled decisions stay (only an emptied cell removes one)
    read = {cell.code_id for cell in sheet.cells}
    kept = Counter(code for (_, code) in sheet.prefilled if code not in read)
    if kept and sheet.rows:
        dropped = ", ".join(f"{code} ({n})" for code, n in sorted(kept.items()))
        summary.messages.append("columns no longer in the sheet, their decisions kept (empty the cells "
                                f"instead to remove them): {dropped}")
    if not any(counts[k] for k in ("accepted", "rejected", "removed", "newly looked at, nothing coded")) \
            and not new_notes:
        summary.messages.append("no change: the store already holds these decisions")
    return summary


__all__ = ["export_sheet", "import_sheet"]

"""Sources whose files left the transcripts: renamed (the same bytes under a new name) or gone.

The transcripts globs are the corpus. A file moved or renamed keeps its source (id, codings,
memos) when its bytes are unchanged; a file deleted, or no longer matched, takes its source
out of the analysis, its reviewed codings kept as orphans and its memos moved to the project.
Only a full ingest decides this (`qualcode ingest FILE` reads one file, not the corpus), and
only for sources ingest made: one imported from a REFI-QDA project (path `x.qdpx#id`) has no
file here to lose.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

IMPORTED_MARK = "#"  # in the path of a source imported from a project file


def gone_sources(known: dict[str, tuple[str, str]], present: set[str]) -> dict[str, tuple[str, str]]:
    """path -> (source id, sha256) of the ingested sources whose path the globs no longer
    match (`present`: the display paths they match, readable or not). A table's row is
    gone with its table; rows gone from a table still there are found as it is read."""
    from qualcode.ingest.table_sources import table_path

    return {path: found for path, found in known.items()
            if (table_path(path) or path) not in present and IMPORTED_MARK not in path}


def renamed_files(new_files: dict[str, Path], gone: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """display path of a new file -> (old path, source id) where its bytes are those of a gone
    source: the same file, renamed or moved. Removes the pairs from `gone`. Only new files
    are hashed, and only while something is gone."""
    by_sha: dict[str, list[str]] = {}
    for path, (_, sha) in sorted(gone.items()):  # a table's row has a hash of its own, no file's
        by_sha.setdefault(sha, []).append(path)
    renamed = {}
    for display, path in sorted(new_files.items()):
        if not by_sha:
            break
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue  # reading it for real says what is wrong
        if by_sha.get(sha):
            old = by_sha[sha].pop(0)
            if not by_sha[sha]:
                del by_sha[sha]
            renamed[display] = (old, gone.pop(old)[0])
    return renamed

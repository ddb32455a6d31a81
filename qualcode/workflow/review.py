"""Reviewing the machine's suggestions one segment at a time (`code review`): the screen of a
segment, and the session that records each decision the moment it is made."""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.errors import QualcodeError
from qualcode.model import AUTO_CODER, Match, Segment
from qualcode.project import ProjectConfig
from qualcode.store import Store
from qualcode.workflow.coding import _codebook, _known_code, known_source
from qualcode.workflow.pipeline import ingested_since_auto_coding


@dataclass(frozen=True)
class Suggestion:
    code_id: str
    label: str
    score: float
    matched: tuple[Match, ...]
    decision: str | None  # this coder's status on it, if any


@dataclass(frozen=True)
class Screen:
    segment: Segment
    before: Segment | None
    after: Segment | None
    source: dict
    suggestions: list[Suggestion]
    own_codes: list[str]      # codes this coder has on the segment (added by hand included)


class ReviewSession:
    """One reviewer's pass. Every decision is committed the moment it is made."""

    def __init__(self, config: ProjectConfig, coder: str, source: str | None = None,
                 code: str | None = None, sample: str | None = None, every_segment: bool = False,
                 again: bool = False):
        self.codebook = _codebook(config)
        if code:
            _known_code(self.codebook, code)
        self.coder = coder
        self.store = Store(config.store_path)
        try:
            if source:
                source = known_source(self.store, source)
            if sample and not self.store.sample(sample):
                raise QualcodeError(f"no sample {sample!r}; draw one with `qualcode code sample`")
        except QualcodeError:
            self.store.close()
            raise
        if again and code:
            self.store.close()
            raise QualcodeError("--again visits segments, not one code's suggestions: give it with --all, "
                                "--source or --sample")
        self.queue = self.store.review_queue(coder, source, code, sample, every_segment, again)
        # nothing to review may mean nothing was suggested yet: sources ingested since `code auto`
        self.not_auto_coded = not self.queue and ingested_since_auto_coding(config, self.store)
        self.code = code  # a pass over one code shows and decides that code only
        self.language = config.language
        self.config = config
        self._codebook_seen = self._codebook_stamp()
        self.started_after = self.store.last_decision()  # this pass's decisions are logged after it

    def close(self) -> None:
        self.store.close()

    def screen(self, segment_id: str) -> Screen:
        segment = self.store.segment(segment_id)
        before, after = self.store.neighbours(segment)
        rows = self.store.codings_of_segment(segment_id)
        mine = {c.code_id: c.status for c in rows if c.coder == self.coder}
        index = self.codebook.by_id()
        suggestions = [
            Suggestion(c.code_id, index[c.code_id].label_in(self.language) if c.code_id in index
                       else c.code_id, c.score, c.matched, mine.get(c.code_id))
            for c in rows if c.coder == AUTO_CODER and (self.code is None or c.code_id == self.code)]
        return Screen(segment, before, after, self.store.source_info(segment.source_id),
                      suggestions, [code for code, status in mine.items() if status == "accepted"])

    def decide(self, segment_id: str, accepted: tuple[str, ...], rejected: tuple[str, ...]) -> None:
        with self.store.transaction():
            self.store.begin_batch()  # one key press, one step for undo
            try:
                self._decide(segment_id, accepted, rejected)
            finally:
                self.store.end_batch()

    def _decide(self, segment_id: str, accepted: tuple[str, ...], rejected: tuple[str, ...]) -> None:
        if not accepted and not rejected:
            self.store.mark_visited(segment_id, self.coder)
        for code_id in accepted:
            self.store.decide(segment_id, code_id, self.coder, "accepted", action="accept")
        for code_id in rejected:
            self.store.decide(segment_id, code_id, self.coder, "rejected", action="reject")

    def _codebook_stamp(self) -> tuple:
        try:
            found = self.config.codebook_path.stat()
        except OSError:
            return ()
        return (found.st_mtime_ns, found.st_size)

    def refresh_codebook(self) -> None:
        """The codebook as its file now is, when it changed while this pass was open (a code
        added, renamed or merged in another terminal): codes are offered, and checked, by it."""
        stamp = self._codebook_stamp()
        if stamp != self._codebook_seen:
            self.codebook = _codebook(self.config)
            self._codebook_seen = stamp

    def new_code(self, code_id: str, label: str) -> str:
        """A code made while reading (`+` with an id no code has): a theme in the codebook,
        as `codebook add` writes it."""
        from qualcode.workflow.codebooks import add_code

        add_code(self.config, code_id, label=label, language=self.language)
        self.refresh_codebook()
        return code_id

    def add(self, segment_id: str, code_id: str) -> None:
        self.refresh_codebook()  # a code renamed away meanwhile is refused, not stranded
        _known_code(self.codebook, code_id)
        with self.store.transaction():
            self.store.decide(segment_id, code_id, self.coder, "accepted", action="add")

    def memo(self, segment_id: str, text: str) -> int:
        with self.store.transaction():
            return self.store.add_memo("segment", segment_id, self.coder, text)

    def tally(self) -> dict[str, int]:
        """What this pass changed, as it stands: each code on each segment counted once, by its
        last decision not undone (going back and deciding again, or undoing, is not counted
        twice): accepted suggestions, rejected ones, codes added by hand."""
        import json

        last: dict[tuple[str, str], str] = {}
        before_pass: dict[tuple[str, str], str | None] = {}  # the code's status when the pass began
        for row in self.store.decisions(self.coder, after=self.started_after):
            if row["undone"] or not row["code_id"]:
                continue
            key = (row["segment_id"], row["code_id"])
            before_pass.setdefault(key, json.loads(row["before"])["status"] if row["before"] else None)
            status = json.loads(row["after"])["status"] if row["after"] else "removed"
            last[key] = "added" if row["action"] == "add" else status
        # a code accepted in an earlier pass and confirmed again (Enter keeps the ✓ marks) is
        # no decision of this one
        changed = [outcome for key, outcome in last.items() if outcome != before_pass[key]]
        return {kind: sum(1 for outcome in changed if outcome == kind) for kind in ("accepted", "rejected", "added")}

    def undo(self) -> str | None:
        """Undo this coder's last decision; returns the segment it was on."""
        with self.store.transaction():
            undone = self.store.undo_last(self.coder)
        return undone["segment_id"] if undone else None


def review_session(config: ProjectConfig, coder: str | None = None, source: str | None = None,
                   code: str | None = None, sample: str | None = None,
                   every_segment: bool = False, again: bool = False) -> ReviewSession:
    return ReviewSession(config, coder or config.coder, source, code, sample, every_segment, again)

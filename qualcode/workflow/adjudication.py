"""Adjudication (`agree resolve A B --as consensus`): a third coder settles the disagreements.

The consensus coder's codings are meant to stand on their own (`display show --coder
consensus`), so the codes both coders applied are carried over first, and every segment
both compared is marked as seen by the consensus coder. Then each segment with a dispute
is shown in the review screen; every key press is saved at once. A run picks up where the
last one stopped: a disputed code the consensus coder has decided is not asked again.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.condense.review import Pick
from qualcode.errors import QualcodeError
from qualcode.model import AUTO_CODER, Match, Segment
from qualcode.project import ProjectConfig
from qualcode.store import Store
from qualcode.workflow.coding import _codebook
from qualcode.workflow.review import ReviewSession

CARRIED = "agreed"          # decisions that carry agreements over; never undone from the screen
ADJUDICATED = "adjudicate"  # decisions made on a disputed code


@dataclass(frozen=True)
class DisputedCode:
    code_id: str
    label: str
    votes: tuple[tuple[str, bool], ...]  # (coder, coded it?) in the order the coders were given
    decision: str | None                 # the consensus coder's status on it, if any
    matched: tuple[Match, ...] = ()      # nothing to highlight: the coders' reasons are theirs


@dataclass(frozen=True)
class ResolveScreen:
    segment: Segment
    before: Segment | None
    after: Segment | None
    source: dict
    suggestions: list[DisputedCode]
    own_codes: list[str]               # the consensus coder's accepted codes here
    agreed: tuple[str, ...]            # codes both coders applied
    picks: tuple[Pick, ...]            # < first coder's version, > second coder's


class ResolveSession(ReviewSession):
    """The review session, on disputes: decisions are the consensus coder's."""

    def __init__(self, config: ProjectConfig, plan, as_coder: str, interactive: bool = True):
        """Not `interactive` (no terminal to ask in): refused, writing nothing, when a dispute is
        open; else the agreements are carried over and nothing is left to ask."""
        # Not ReviewSession.__init__: the queue is the disputes, not the machine's suggestions.
        self.codebook = _codebook(config)
        self.language = config.language
        self.coder = as_coder
        self.plan = plan
        self.notes: list[str] = []  # what the comparison behind the disputes should be read with
        self.store = Store(config.store_path)
        try:
            if not interactive and self._open_disputes():
                raise QualcodeError("`agree resolve` needs a terminal; it asks for a key press per segment")
            self.carried = self._carry_agreements()
            self.queue = self._open_disputes()
            self.started_after = self.store.last_decision()  # after the carried agreements
        except BaseException:
            self.store.close()
            raise

    def _decided(self) -> set[tuple[str, str]]:
        return {(c.segment_id, c.code_id) for c in self.store.all_codings(coders=[self.coder])}

    def _carry_agreements(self) -> int:
        """Accept, for the consensus coder, what both coders coded; mark every compared segment seen."""
        decided = self._decided()
        seen = self.store.visited_segments(self.coder)
        carried = 0
        with self.store.transaction():
            self.store.begin_batch()
            try:
                for segment_id in self.plan.segments:
                    for code_id in self.plan.agreed.get(segment_id, ()):
                        if (segment_id, code_id) not in decided:
                            self.store.decide(segment_id, code_id, self.coder, "accepted", action=CARRIED)
                            carried += 1
                    if segment_id not in seen and segment_id not in self.plan.agreed:
                        self.store.mark_visited(segment_id, self.coder, action=CARRIED)
            finally:
                self.store.end_batch()
        return carried

    def _open_disputes(self) -> list[str]:
        decided = self._decided()
        return [segment_id for segment_id, disputes in self.plan.disputes.items()
                if any((segment_id, d.code_id) not in decided for d in disputes)]

    def open_count(self) -> int:
        """Segments with a dispute the consensus coder has not decided yet."""
        return len(self._open_disputes())

    def screen(self, segment_id: str) -> ResolveScreen:
        segment = self.store.segment(segment_id)
        before, after = self.store.neighbours(segment)
        mine = {c.code_id: c.status for c in self.store.codings_of_segment(segment_id)
                if c.coder == self.coder}
        index = self.codebook.by_id()
        label = lambda code: index[code].label_in(self.language) if code in index else code  # noqa: E731
        disputes = self.plan.disputes.get(segment_id, ())
        items = [DisputedCode(d.code_id, label(d.code_id),
                              tuple((coder, coder in d.coded_by) for coder in self.plan.coders),
                              mine.get(d.code_id)) for d in disputes]
        first, second = self.plan.coders
        picks = (Pick("<", f"{first}'s", self.plan.coded_by(segment_id, first)),
                 Pick(">", f"{second}'s", self.plan.coded_by(segment_id, second)))
        return ResolveScreen(segment, before, after, self.store.source_info(segment.source_id), items,
                             [code for code, status in mine.items() if status == "accepted"],
                             self.plan.agreed.get(segment_id, ()), picks)

    def _decide(self, segment_id: str, accepted: tuple[str, ...], rejected: tuple[str, ...]) -> None:
        for code_id in accepted:
            self.store.decide(segment_id, code_id, self.coder, "accepted", action=ADJUDICATED)
        for code_id in rejected:
            self.store.decide(segment_id, code_id, self.coder, "rejected", action=ADJUDICATED)

    def undo(self) -> str | None:
        """Undo the consensus coder's last decision; carried agreements stay."""
        with self.store.transaction():
            undone = self.store.undo_last(self.coder, keep_actions=(CARRIED,))
        return undone["segment_id"] if undone else None


def resolve_session(config: ProjectConfig, first: str, second: str, as_coder: str = "consensus",
                    sample: str | None = None, interactive: bool = True) -> ResolveSession:
    """Carry the agreements of two coders over to `as_coder` and open their disputes for review
    (not `interactive`: refused while a dispute is open, see ResolveSession)."""
    from qualcode.condense.agreement_resolve import adjudication_plan
    from qualcode.workflow.agreement import _frames, unseen_lines

    as_coder = (as_coder or "").strip()
    if first == second:
        raise QualcodeError("give two different coders to resolve")
    if not as_coder or as_coder in (first, second, AUTO_CODER):
        raise QualcodeError(f"--as names the coder who records the consensus; it must differ from "
                            f"{first}, {second} and {AUTO_CODER!r}, e.g. --as consensus")
    codings, segments, _, seen, unseen = _frames(config, [first, second], sample)
    plan = adjudication_plan(codings, segments, [first, second], seen=seen)
    session = ResolveSession(config, plan, as_coder, interactive)
    # a sample segment a coder never opened shows as their "no": said, as `agree` says it
    session.notes = unseen_lines(sample, unseen) if sample else []
    return session

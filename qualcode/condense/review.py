"""The review loop's logic, without I/O: keys in, actions out.

Keys (one press each):
  a  accept every suggestion        r  reject every suggestion
  1-9 mark a suggestion; Enter accepts the marked ones and rejects the rest
     (the ones you accepted before come marked)
  +  add a code (type a prefix of its id or label; a new id makes a new theme)
  m  write a memo    s  skip    b  back    u  undo the last decision    q  quit    ?  help

Resolving disagreements (`agree resolve A B`) uses the same keys on the disputed codes
of a segment, plus one key per coder:
  <  take the first coder's version  >  take the second coder's version
  a  code all of them (both)         r  code none of them
  1-9 mark codes; Enter codes the marked ones and not the rest
  +  add a code neither used    m  memo    s  skip    b  back    u  undo    q  quit    ?  help
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qualcode.model import Codebook, Code, Match

HELP, RESOLVE_HELP = (part.split(":\n", 1)[1] for part in __doc__.split("\n\n")[1:3])


@dataclass(frozen=True)
class Pick:
    """A key that accepts a preset choice of the screen's codes and rejects the rest."""

    key: str
    label: str                # e.g. "ani's"
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Action:
    kind: str                    # accept | reject | add | memo | skip | back | undo | quit | help | mark | none
    codes: tuple[str, ...] = ()  # for accept / reject: the code ids; for mark: the marked ones
    rejected: tuple[str, ...] = ()


@dataclass
class Cursor:
    """Where the reviewer is: the queue, the position, the way back, the marked suggestions."""

    queue: list[str]
    position: int = 0
    history: list[int] = field(default_factory=list)
    marked: set[int] = field(default_factory=set)
    toggled: bool = False  # a mark changed on this screen: Enter applies the marks, even none

    def arrive(self, decisions: list[str | None]) -> None:
        """Marks for a screen just shown: the suggestions already accepted (`decisions`, this
        coder's status on each), so that Enter keeps them rather than reject them unseen."""
        self.marked = {n for n, status in enumerate(decisions[:MARKABLE], start=1) if status == "accepted"}
        self.toggled = False

    @property
    def current(self) -> str | None:
        return self.queue[self.position] if 0 <= self.position < len(self.queue) else None

    def forward(self) -> None:
        self.history.append(self.position)
        self.position += 1
        self.marked.clear()

    def back(self) -> None:
        if self.history:
            self.position = self.history.pop()
        self.marked.clear()

    def go_to(self, segment_id: str) -> None:
        """Show a segment again, e.g. after undoing a decision (one made in an earlier session
        is put in the queue here). Going to an earlier segment is going back: the way back
        then leads to the segments before it, not forward to where the undo was pressed."""
        if segment_id not in self.queue:
            self.queue.insert(max(self.position, 0), segment_id)
        target = self.queue.index(segment_id)
        if target > self.position:
            self.history.append(self.position)
        else:
            while self.history and self.history[-1] >= target:
                self.history.pop()
        self.position = target
        self.marked.clear()


MARKABLE = 9  # one digit key per suggestion; a/r decide any further ones


def handle_key(key: str, suggested: list[str], cursor: Cursor, picks: tuple[Pick, ...] = ()) -> Action:
    """What a key means on a screen whose suggestions are `suggested` (code ids, in order).

    Enter accepts the marked suggestions and rejects the other markable ones; a suggestion past
    the ninth cannot be marked, so Enter leaves it undecided rather than reject it unseen. The
    suggestions already accepted come marked (`Cursor.arrive`), so Enter keeps them. On a
    screen without suggestions Enter records the visit, as `a` does."""
    for pick in picks:
        if key == pick.key:
            return Action("accept", pick.codes, tuple(c for c in suggested if c not in pick.codes))
    if key == "a":
        return Action("accept", tuple(suggested))
    if key == "r":
        return Action("reject", (), tuple(suggested))
    if key.isdigit() and key != "0":
        number = int(key)
        if number <= len(suggested):
            cursor.marked.symmetric_difference_update({number})
            cursor.toggled = True
        return Action("mark", tuple(suggested[n - 1] for n in sorted(cursor.marked)))
    if key in ("\r", "\n", "enter"):
        if not suggested:
            return Action("accept")  # nothing suggested: the visit itself is the decision
        if not cursor.marked and not cursor.toggled:
            return Action("none")
        chosen = [suggested[n - 1] for n in sorted(cursor.marked)]
        return Action("accept", tuple(chosen),
                      tuple(c for c in suggested[:MARKABLE] if c not in chosen))
    simple = {"+": "add", "m": "memo", "s": "skip", "b": "back", "u": "undo", "q": "quit",
              "?": "help", "\x03": "quit", "\x04": "quit"}
    return Action(simple.get(key, "help"))


def complete_code(prefix: str, codebook: Codebook) -> list[Code]:
    """Codes whose id, or a word of a label in any language, starts with `prefix`."""
    wanted = prefix.strip().casefold()
    if not wanted:
        return []
    exact = [c for c in codebook.codes if c.id.casefold() == wanted]
    if exact:
        return exact

    def fits(code: Code) -> bool:
        if code.id.casefold().startswith(wanted):
            return True
        for label in code.label.values():
            folded = label.casefold()
            if folded.startswith(wanted) or any(w.startswith(wanted) for w in folded.split()):
                return True
        return False

    return [c for c in codebook.codes if fits(c)]


def highlight_spans(matches: list[Match]) -> list[tuple[int, int]]:
    """Matched character spans, merged where they overlap, for highlighting."""
    spans = sorted((m.start, m.end) for m in matches)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged

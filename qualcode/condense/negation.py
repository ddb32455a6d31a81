"""Negation marking: was a matched term said in the negative ("tidak ada anggaran")?

A match is marked `negated` when a negator stands within the two words before it,
with no punctuation in between (a comma or full stop closes the clause):
"belum ada *dukungan*", "tanpa *partisipasi*", "there is no *budget*",
"they don't *train* staff". Articles and the existential "ada" are not counted
among the two (SKIPPED), nor are possessive determiners (our, my, their …), so "we
don't have a *budget*", "it hasn't been our *bottleneck*" and "belum ada dukungan
*anggaran*" are negated as well. (A window of three words, with words of degree passed
over, was tried and withdrawn: it reached across conjunctions, "I don't know why the
*problems* keep happening", and turned obstacles into supports.)

The mark does not suppress the code, on purpose. A code says what a passage is
about, not whether the speaker affirms it: "tidak ada anggaran untuk
pemeliharaan" (there is no budget for maintenance) is squarely about budget
support, and such statements of absence are exactly the evidence an analysis of
inhibiting factors is built from. Dropping them would hide the problems
informants report. So the suggestion stays, and the reviewer (`code explain`, the
review screen) sees that its evidence was negated, to weigh it or to add a
factor code.

A code with a polarity is the exception: it says which way a passage leans, and a
negator turns that round. "tidak berhasil" (did not succeed) is no supporting
factor but an inhibiting one, "tidak ada kendala" (no obstacle) and "DPRD tidak
pernah menghambat" a supporting one, "kurang efektif" (not very effective) a
weakness. A negated term counts nothing for its own code and counts for that
code's siblings of the same kind and the other polarity instead
(`term_index.codebook_terms`).

Negators, chosen to deny or mark absence, not to describe an amount:
- Indonesian: tidak, tak, tiada, bukan, belum, tanpa, jangan, the spoken forms
  nggak, enggak, gak, ga, ngga, engga, ndak, kagak, tdk, and kurang /
  kurangnya / kekurangan ("lack of", as in "kurangnya partisipasi"). Words of small
  quantity (minim, sedikit, terbatas) are not negators: they say how much there is.
- English: not, n't, no, never, without, nor, neither, none, nothing, nobody,
  cannot, and lack (lacks, lacked, lacking), absence.

Spoken Indonesian also puts the absence after the word: "kendalanya *tidak ada*" (there
is no obstacle) is negated as "*tidak ada* kendala" is.

A word that holds its own negator is negated too: ke-tidak-…-an makes a noun of a quality
said in the negative (`ketidakmampuan` 'inability', `ketidaksiapan` 'unreadiness'), whose
lemma is the quality's (`qualcode.condense.indonesian`).

A negator followed by a word that turns it into something else is not one:
"tidak hanya" / "bukan cuma" / "not only" / "not just" (not only … but also),
"kurang lebih" (more or less), "bukan main" (extremely), "no doubt".

English raises a negation to the verb of opinion before a clause: "I don't think it's been
*helpful*", "I wouldn't say they were *trained*" deny the clause's word (RAISED). Only a
clause that is a pronoun and its auxiliaries before the term counts, so the term is what is
said of it: "I don't think the *problems* are serious" leaves the problems as they are.

Nor is a negator that another one denies, within two words before it in the same clause:
"bukan tidak berhasil" (not unsuccessful), "bukan berarti tidak didukung" (that does not
mean it is unsupported), "tidak ada yang tidak mendukung" (no one does not support it),
"not without problems". Two negations affirm. The same word said twice in a row ("nggak
nggak ada") is a stammer, and still denies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing spaCy costs a second; a warm re-code needs none of it
    from spacy.tokens import Doc

NEGATORS = {
    "id": frozenset({
        "tidak", "tak", "tiada", "bukan", "belum", "tanpa", "jangan",
        "nggak", "enggak", "gak", "ga", "ngga", "engga", "ndak", "kagak", "tdk",
        "gk", "gx", "ngk", "ngak", "tdak", "blm", "blum", "blom", "bkn", "jgn", "tnp", "krg",  # chat writing
        "tidaklah", "bukanlah", "belumlah",
        "kurang", "kurangnya", "kekurangan",
    }),
    "en": frozenset({
        "not", "n't", "n’t", "no", "never", "without", "nor", "neither", "none", "nothing",
        "nobody", "cannot", "lack", "lacks", "lacked", "lacking", "absence",
    }),
}
# A negator followed by one of these is no negation: "tidak hanya", "not only", "kurang lebih".
CANCELLED_BY = frozenset({"hanya", "cuma", "sekadar", "sekedar", "lebih", "main",
                          "only", "just", "merely", "doubt"})
# Words passed over when counting the window: articles, and "ada" (there is) after a negator.
SKIPPED = frozenset({"a", "an", "the", "any", "our", "my", "your", "their", "his", "her", "its",
                     "ada", "adanya", "sebuah", "suatu"})
WINDOW = 2
# How many tokens before a negator are looked at for another that denies it (WINDOW words,
# and as many skipped ones: "tidak ada yang tidak").
DENIAL_REACH = 4
# The start of a word that is its own negation (ketidakpuasan 'dissatisfaction').
NEGATED_NOUN = "ketidak"


# Two words that mean something of their own: neither is a term there, nor a negator (kurang
# lebih 'about', kurang ajar 'rude', terus terang 'frankly', bukan main 'extremely'; perangkat
# desa, perangkat daerah: a village's officials and a region's agencies, not devices).
IDIOMS = frozenset({("kurang", "lebih"), ("lebih", "kurang"), ("kurang", "ajar"), ("terus", "terang"),
                    ("bukan", "main"),
                    *(("perangkat", place) for place in ("desa", "daerah", "kelurahan", "kecamatan", "nagari",
                                                         "gampong", "kampung", "pemerintah"))})
IDIOM_WORDS = frozenset(word for pair in IDIOMS for word in pair)


def in_idiom(before: str | None, word: str, after: str | None) -> bool:
    """Is lowercase `word`, between `before` and `after` (None: none there), half of an idiom?"""
    return (before, word) in IDIOMS or (word, after) in IDIOMS


def idiom_edged(key: str) -> bool:
    """Does a term (its lemmas, space-joined) begin or end with a word idioms are made of?"""
    words = key.split(" ")
    return words[0] in IDIOM_WORDS or words[-1] in IDIOM_WORDS


def idiom_at_edges(before: str | None, head: str, tail: str, after: str | None) -> bool:
    """Does a match whose first word is `head` and last `tail` (lowercase) share an idiom with
    the word `before` or `after` it: `kurang` or `anggaran kurang` before "lebih"?"""
    return (before, head) in IDIOMS or (tail, after) in IDIOMS


# Spoken Indonesian also says absence after the word: "kendalanya tidak ada", "masalah nggak ada".
ABSENT = frozenset({"ada", "adanya"})


# What may close "kendalanya tidak ada …" and leave it said of the term: a particle, not a noun
# ("berhasil nggak ada kendala" says the obstacle is absent, not the success).
ABSENCE_ENDS = frozenset({"lagi", "sama", "kok", "ya", "sih", "deh", "lho", "kan", "juga", "tuh", "dong"})


def absent_after(following: list, language: str) -> bool:
    """Do the (lowercase) words after a term say it is not there, `tidak ada` ending the
    clause? `following`: up to three words after it (None for punctuation), fewer at the end."""
    if language == "en" or len(following) < 2 or following[0] not in NEGATORS["id"] \
            or following[1] not in ABSENT:
        return False
    return len(following) == 2 or following[2] is None or following[2] in ABSENCE_ENDS


def words_after(tokens: list, end: int, is_punct, is_space, lower) -> list:
    """Up to three words from `end` on (None for punctuation), spaces passed over."""
    found: list = []
    for k in range(end, len(tokens)):
        if len(found) == 3:
            break
        if is_space(tokens[k]):
            continue
        found.append(None if is_punct(tokens[k]) else lower(tokens[k]))
        if found[-1] is None:
            break
    return found


def denied(before: list[str | None], negator: str, negators: frozenset[str]) -> bool:
    """Is `negator` itself negated by a word `before` it (nearest first, lowercase; None for
    punctuation, which closes the clause)? A double negation, which affirms."""
    counted = 0
    for k, word in enumerate(before):
        if word is None:
            return False
        if word in negators:
            return not (k == 0 and word == negator)  # "nggak nggak": a stammer
        if word not in SKIPPED:
            counted += 1
            if counted == WINDOW:
                return False
    return False


# "I don't think it's been helpful": verbs of opinion whose negation is the clause's after
# them, the clause's subjects (pronouns only: a noun may be the term), and what may stand
# between the subject and the term (auxiliaries, articles, words of degree).
OPINION_VERBS = frozenset({"think", "say", "believe", "feel", "expect", "suppose", "reckon", "guess",
                           "thought", "said", "believed", "felt", "expected", "supposed", "reckoned",
                           "guessed", "imagine", "imagined", "see"})
RAISED_SUBJECTS = frozenset({"it", "they", "this", "that", "he", "she", "we", "you", "there", "i",
                             "these", "those", "things", "anyone", "anybody", "people"})
RAISED_BETWEEN = frozenset({"is", "was", "are", "were", "be", "been", "being", "has", "have", "had",
                            "'s", "’s", "'re", "’re", "'ve", "’ve", "'d", "’d", "will", "would", "could",
                            "can", "did", "does", "do", "really", "very", "so", "too", "particularly",
                            "especially", "all", "much", "a", "an", "any", "our", "their", "actually",
                            "ever", "always"})
RAISING_NEGATORS = frozenset({"not", "n't", "n’t", "never"})
# Verbs of opinion that take a clause, not a thing: a negator before one negates that verb,
# not the noun after it ("I don't think the *problems* are serious"). Not feel, see, expect:
# "we don't feel any *support*" does deny the support.
CLAUSE_VERBS = frozenset({"think", "thought", "believe", "believed", "suppose", "supposed", "reckon",
                          "reckoned", "guess", "guessed", "say", "said", "imagine", "imagined"})
# "don't really think": what may stand between the negator and the verb.
RAISING_ADVERBS = frozenset({"really", "actually", "honestly", "necessarily", "personally"})
# How many words before a term `raised` reads at most: the clause, verb, adverb and negator.
RAISED_REACH = 10


def raised(before: list, language: str) -> bool:
    """Is the clause a term ends denied by a negated verb of opinion before it ("I don't think
    it's been *helpful*")? `before`: the (lowercase) words before the term, nearest first, None
    for punctuation, spaces left out. English only: Indonesian says the negation in the clause
    ("menurut saya belum efektif")."""
    if language == "id":
        return False
    k, length = 0, len(before)
    while k < length and before[k] in RAISED_BETWEEN:
        k += 1
    if k == length or before[k] not in RAISED_SUBJECTS:
        return False
    k += 1
    if k < length and before[k] == "that":
        k += 1
    if k == length or before[k] not in OPINION_VERBS:
        return False
    k += 1
    if k < length and before[k] in RAISING_ADVERBS:
        k += 1
    return k < length and before[k] in RAISING_NEGATORS


# "tidak ada satu fraksi pun yang menolak", "tidak seorang pun warga yang mengeluh": a negator
# before an emphatic `pun` (not a single …) denies the clause after it. Only `pun` after a word
# of quantity (satu pun, seorang pun) or before `yang` is that particle: "DPRD pun setuju" is
# 'DPRD too agreed', and a negator some words before it says nothing of that.
EMPHATIC = "pun"
QUANTITY_WORDS = frozenset({"satu", "seorang", "sedikit", "sekali", "sepeser", "sebiji"})
# How far before the term `pun` may stand ("pun warga yang menolak"), and the negator before it;
# PUN_SCAN tokens before the term are looked at for `pun` before any word list is made (it is
# rare, and Indonesian matches otherwise need none), both matcher paths alike
PUN_REACH, PUN_NEGATOR_REACH = 3, 4
PUN_SCAN = PUN_REACH + 2
PUN_FORMS = frozenset({"pun", "Pun", "PUN"})  # compared as written: no lowercasing per match


def quantified(before: list) -> bool:
    """Does a negator before an emphatic `pun` deny the clause a term ends ("tidak ada satu
    fraksi pun yang *menolak*")? `before`: the (lowercase) words before the term, nearest
    first, None for punctuation. Indonesian."""
    for k, word in enumerate(before[:PUN_REACH]):
        if word is None:
            return False
        if word == EMPHATIC:
            break
    else:
        return False
    if not (k + 1 < len(before) and before[k + 1] in QUANTITY_WORDS or k > 0 and before[k - 1] == "yang"):
        return False
    counted = 0
    for word in before[k + 1:]:
        if word is None:
            return False
        if word in NEGATORS["id"]:
            return True
        if word not in SKIPPED:
            counted += 1
            if counted == PUN_NEGATOR_REACH:
                return False
    return False


def denied_from_afar(before: list, language: str) -> bool:
    """The negations read further back than WINDOW: a negated verb of opinion in English
    (`raised`), a negated `… pun yang` in Indonesian (`quantified`); both where the language is
    neither. `before`: RAISED_REACH words before the term, as `raised` takes them."""
    return (language != "id" and raised(before, language)) or (language != "en" and quantified(before))


def is_negated(doc: Doc, start: int, language: str, end: int | None = None) -> bool:
    """Is the token span `start`:`end` preceded, within WINDOW tokens of its clause, by a
    negator of `language` (both languages' when it is neither), followed by `tidak ada`, or
    the end of a clause a negation further back denies (`denied_from_afar`)?"""
    if doc[start].lower_.startswith(NEGATED_NOUN):
        return True
    following = (words_after(doc, end, lambda t: t.is_punct, lambda t: t.is_space, lambda t: t.lower_)
                 if end is not None else [])
    if absent_after(following, language):
        return True
    negators = NEGATORS.get(language) or NEGATORS["id"] | NEGATORS["en"]
    counted = 0
    for i in range(start - 1, -1, -1):
        token = doc[i]
        if token.is_punct:
            return False
        if token.lower_ in negators:
            following = doc[i + 1].lower_ if i + 1 < len(doc) else ""
            if in_idiom(doc[i - 1].lower_ if i else None, token.lower_, following or None):
                return False  # kurang lebih, lebih kurang: 'about'
            if following in CLAUSE_VERBS:
                break  # "don't think the X": the verb's negation, said of a clause if any
            before = [None if doc[k].is_punct else doc[k].lower_
                      for k in range(i - 1, max(i - 1 - DENIAL_REACH, -1), -1) if not doc[k].is_space]
            return following not in CANCELLED_BY and not denied(before, token.lower_, negators)
        if token.lower_ not in SKIPPED and not token.is_space:
            counted += 1
            if counted == WINDOW:
                break
    if language == "id" and not any(doc[k].text in PUN_FORMS for k in range(max(start - PUN_SCAN, 0), start)):
        return False
    return denied_from_afar([None if doc[k].is_punct else doc[k].lower_
                             for k in range(start - 1, max(start - 1 - RAISED_REACH, -1), -1)
                             if not doc[k].is_space], language)

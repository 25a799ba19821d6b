"""Search that forgives: the words people type, matched to the words of each exercise.

A query word matches a word of the exercise when they are the same once plurals and endings
are taken off ("planks", "bridges", "stretching"), or when it starts that word ("hams" while
typing "hamstring"). Only a word that matches nothing anywhere in the library is then allowed
one wrong letter ("hamstrng"), so that "walk" never finds "wall". Every word of the query must
match. Synonyms are content, kept with each exercise (its search terms), not listed here.

Pure: texts in, keys out. No database or request here.
"""

import re
from collections.abc import Hashable, Iterable, Mapping
from difflib import SequenceMatcher

# Words that say nothing about an exercise: left out of a query unless it has no other word.
FILLER = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "do", "for", "from", "how", "i", "in"}
    | {"into", "is", "it", "me", "my", "of", "on", "or", "the", "to", "what", "with", "you"}
    | {"your"}
)
WORD = re.compile(r"[^\W_]+")
VOWELS = frozenset("aeiouy")
# Doubled consonants that stay double once an ending is taken off ("rolling", "pressing").
KEEP_DOUBLE = frozenset("lsz")
PREFIX_FROM = 3  # letters typed before a word can stand for the start of a longer one
TYPO_FROM = 4  # letters a word needs before one wrong letter is forgiven


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def singular(word: str) -> str:
    """ "planks" -> "plank", "stretches" -> "stretch", "bodies" -> "body"; others unchanged."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def stem(word: str) -> str:
    """A word without its plural, "-ing" or "-ed" ending, or final "e": "raising", "raised"
    and "raise" all give "rais". Crude, but the same on both sides of a comparison."""
    word = singular(word)
    for ending in ("ing", "ed"):
        base = word[: -len(ending)]
        # A base needs a vowel and three letters: "string" and "bed" keep their endings.
        if word.endswith(ending) and len(base) >= 3 and VOWELS & set(base):
            if base[-1] == base[-2] and base[-1] not in VOWELS | KEEP_DOUBLE:
                base = base[:-1]  # "stepping" -> "step"
            word = base
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def forms(word: str) -> frozenset[str]:
    """The word as typed, without its plural, and its stem."""
    return frozenset((word, singular(word), stem(word)))


def one_letter_apart(a: str, b: str) -> bool:
    """One letter wrong, missing, added, or two neighbours swapped ("hamstirng")."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        i, j = diffs[0], diffs[-1]
        return len(diffs) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = sorted((a, b), key=len)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def matches_exactly(word: str, text_forms: frozenset[str]) -> bool:
    mine = forms(word)
    if mine & text_forms:
        return True
    return len(word) >= PREFIX_FROM and any(form.startswith(word) for form in text_forms)


def matches_with_a_typo(word: str, text_forms: frozenset[str]) -> bool:
    if len(word) < TYPO_FROM:
        return False
    return any(one_letter_apart(mine, theirs) for mine in forms(word) for theirs in text_forms)


def query_words(query: str) -> list[str]:
    typed = words(query)
    return [word for word in typed if word not in FILLER] or typed


def index(texts: Mapping[Hashable, str]) -> dict[Hashable, frozenset[str]]:
    """Every form of every word of each text, by key."""
    return {key: frozenset().union(*map(forms, words(text))) for key, text in texts.items()}


def search(query: str, texts: Mapping[Hashable, str]) -> set[Hashable]:
    """The keys of the texts that match every word of the query."""
    indexed = index(texts)
    found = set(indexed)
    for word in query_words(query):
        exact = {key for key, text_forms in indexed.items() if matches_exactly(word, text_forms)}
        if not exact:
            exact = {
                key for key, text_forms in indexed.items() if matches_with_a_typo(word, text_forms)
            }
        found &= exact
    return found


def nearest(query: str, names: Mapping[Hashable, Iterable[str]], limit=3) -> list[Hashable]:
    """The keys whose names come closest to any word of the query, best first, for a search
    that found nothing: "Did you mean …?". Names that are not close at all are left out."""
    scores = {}
    for key, name_words in names.items():
        best = max(
            (
                SequenceMatcher(None, word, candidate).ratio()
                for word in query_words(query)
                for candidate in name_words
            ),
            default=0,
        )
        if best >= 0.6:
            scores[key] = best
    return sorted(scores, key=lambda key: -scores[key])[:limit]

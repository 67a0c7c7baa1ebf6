"""Phrase cues read from spoken and on-screen text: the words that make a line a question, a
promise, a claim, a step, a proof or a call to action.

English cue lists (the language most of the corpus speaks); a line in another language simply
matches no cue, which lowers nothing but earns no cue bonus either. Each list is short and
documented in docs/methods.md; a cue is a whole-word, case-insensitive match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


def _any(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.IGNORECASE)


QUESTION_START = _any(
    "what",
    "why",
    "how",
    "who",
    "when",
    "where",
    "which",
    "do",
    "does",
    "did",
    "is",
    "are",
    "can",
    "could",
    "would",
    "should",
    "have",
    "has",
    "ever",
    "will",
    # de, es, fr, pt, it: only words that open a question and nothing else ("cómo" with its
    # accent, not "como"; no "come", "qui" or "quando", which open statements too)
    "was",
    "warum",
    "wieso",
    "weshalb",
    "wer",
    "wann",
    "welche[rsnm]?",
    "wusstest",
    "kennst",
    "qué",
    "por qué",
    "cómo",
    "quién",
    "cuándo",
    "dónde",
    "cuál",
    "sabías",
    "pourquoi",
    "comment",
    "où",
    "quel(?:le)?s?",
    "est-ce",
    "savais",
    "saviez",
    "por que",
    "quem",
    "onde",
    "você sabia",
    "perché",
    "dove",
    "quale",
    "sapevi",
)
CURIOSITY_GAP = _any(
    "what if",
    "the secret",
    "nobody tells you",
    "no one tells you",
    "no one talks about",
    "nobody talks about",
    "here'?s why",
    "here'?s what",
    "you won'?t believe",
    "wait for it",
    "wait till",
    "watch till the end",
    "until the end",
    "the reason why",
    "this is why",
    "turns out",
    "guess what",
    "the truth about",
    "what happened",
    "i didn'?t expect",
    "the one thing",
    # de, es, fr, pt, it
    "das geheimnis",
    "niemand sagt dir",
    "keiner sagt dir",
    "niemand redet über",
    "warte bis",
    "bis zum ende",
    "der grund warum",
    "stellt sich heraus",
    "el secreto",
    "nadie te dice",
    "nadie habla de",
    "espera a",
    "hasta el final",
    "la raz[oó]n por la que",
    "resulta que",
    "le secret",
    "personne ne te dit",
    "personne ne parle",
    "attends",
    "jusqu'[aà] la fin",
    "la raison pour laquelle",
    "en fait",
    "o segredo",
    "ningu[eé]m te conta",
    "ningu[eé]m fala",
    "espera at[eé]",
    "at[eé] o final",
    "il segreto",
    "nessuno ti dice",
    "nessuno parla",
    "aspetta",
    "fino alla fine",
)
BOLD_CLAIM = _any(
    "best",
    "worst",
    "never",
    "always",
    "everyone",
    "everybody",
    "nobody",
    "the only",
    "biggest",
    "number one",
    "guaranteed",
    "changed my life",
    "game changer",
    "insane",
    "ultimate",
    "perfect",
    "easiest",
    "fastest",
    # de, es, fr, pt, it
    "der beste",
    "die beste",
    "das beste",
    "am besten",
    "niemals",
    "du brauchst keine?n?",
    "hat mein leben ver[aä]ndert",
    "el mejor",
    "la mejor",
    "lo mejor",
    "el peor",
    "nunca",
    "siempre",
    "no necesitas",
    "me cambi[oó] la vida",
    "le meilleur",
    "la meilleure",
    "le pire",
    "jamais",
    "toujours",
    "tu n'as pas besoin",
    "a chang[eé] ma vie",
    "o melhor",
    "a melhor",
    "o pior",
    "voc[eê] n[aã]o precisa",
    "mudou minha vida",
    "il migliore",
    "la migliore",
    "il peggiore",
    "non ti serve",
    "non hai bisogno",
    "mi ha cambiato la vita",
)
CONTROVERSY = _any(
    "unpopular opinion",
    "hot take",
    "controversial",
    "overrated",
    "underrated",
    "scam",
    "is a lie",
    "lied to you",
    "wrong about",
    "stop doing",
    "stop using",
    "don'?t do this",
    "myth",
    # de, es, fr, pt, it
    "unpopul[aä]re meinung",
    "umstritten",
    "[uü]berbewertet",
    "untersch[aä]tzt",
    "abzocke",
    "l[uü]ge",
    "h[oö]r auf",
    "opini[oó]n impopular",
    "pol[eé]mic[ao]",
    "sobrevalorad[oa]",
    "infravalorad[oa]",
    "estafa",
    "mentira",
    "deja de",
    "opinion impopulaire",
    "pol[eé]mique",
    "surcot[eé]",
    "arnaque",
    "mensonge",
    "arr[eê]te de",
    "opini[aã]o impopular",
    "pol[eê]mic[ao]",
    "superestimad[oa]",
    "golpe",
    "pare de",
    "opinione impopolare",
    "sopravvalutat[oa]",
    "truffa",
    "bugia",
    "smetti di",
)
TUTORIAL_PROMISE = _any(
    "how to",
    "here'?s how",
    "let me show you",
    "i'?ll show you",
    "i'?m going to show you",
    "show you how",
    "step by step",
    "tutorial",
    "learn",
    "ways to",
    "tips",
    "hack",
    "hacks",
    "in \\d+ (?:seconds|minutes|steps)",
    # de, es, fr, pt, it
    "ich zeige? dir",
    "so geht",
    "so machst du",
    "wie du",
    "anleitung",
    "tipps",
    "schritt f[uü]r schritt",
    "te ense[nñ]o",
    "te voy a ense[nñ]ar",
    "te muestro",
    "c[oó]mo hacer",
    "paso a paso",
    "trucos",
    "consejos",
    "je vais te montrer",
    "je te montre",
    "voici comment",
    "comment faire",
    "[eé]tape par [eé]tape",
    "astuces",
    "conseils",
    "vou te mostrar",
    "te ensino",
    "como fazer",
    "passo a passo",
    "dicas",
    "ti mostro",
    "ti insegno",
    "come fare",
    "passo dopo passo",
    "consigli",
    "trucchi",
)
STORY_OPENER = _any(
    "so i",
    "when i",
    "i was",
    "i just",
    "yesterday",
    "last week",
    "last year",
    "story ?time",
    "this happened",
    "one day",
    "years ago",
    "true story",
    "let me tell you",
    "last night",
    # de, es, fr, pt, it
    "ich war",
    "gestern",
    "letzte woche",
    "letztes jahr",
    "als ich",
    "eines tages",
    "vor jahren",
    "ayer",
    "la semana pasada",
    "el a[nñ]o pasado",
    "cuando yo",
    "un d[ií]a",
    "hace a[nñ]os",
    "hier",
    "la semaine derni[eè]re",
    "l'ann[eé]e derni[eè]re",
    "quand j'[eé]tais",
    "un jour",
    "il y a des ann[eé]es",
    "j'[eé]tais",
    "ontem",
    "semana passada",
    "ano passado",
    "quando eu",
    "um dia",
    "h[aá] anos",
    "ieri",
    "la settimana scorsa",
    "l'anno scorso",
    "quando ero",
    "un giorno",
    "anni fa",
)
DIRECT_ADDRESS = _any("you", "your", "you'?re", "you'?ll", "you'?ve", "yourself", "y'?all")
NUMBER = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|hundreds|"
    r"thousand|thousands|million|millions|billion|percent|half|double|twice)\b",
    re.IGNORECASE,
)
# A figure in any of the six supported languages: a digit, a percent sign, or a word of scale.
# A hook is a statistic only if it states one.
FIGURE = re.compile(
    r"\d|%|\b(?:percent|hundred|thousand|million|billion|twice|double|half"
    r"|prozent|hundert|tausend|millionen?|milliarden?|doppelt|hälfte"
    r"|por ciento|cien|cientos|mil|millones?|doble|mitad"
    r"|pour cent|cents?|mille|millions?|milliards?|moitié"
    r"|por cento|cem|milhões|milhão|metade"
    r"|per cento|cento|milioni|miliardi|metà)\b",
    re.IGNORECASE,
)
STATISTIC = re.compile(
    r"\d[\d,.]*\s*(?:%|percent\b|x\b|times\b|k\b|million\b|thousand\b|billion\b|out of\b)"
    r"|[$\u20ac\u00a3]\s?\d|\b(?:percent|million|billion)\b",
    re.IGNORECASE,
)
STEP_CUE = _any(
    "first",
    "firstly",
    "second",
    "secondly",
    "third",
    "next",
    "then",
    "step",
    "steps",
    "number (?:one|two|three|four|five|\\d+)",
    "after that",
    "last but not least",
    "lastly",
)
PROBLEM_CUE = _any(
    "problem",
    "struggle",
    "struggling",
    "mistake",
    "mistakes",
    "most people",
    "the issue",
    "tired of",
    "can'?t",
    "hard to",
    "fail",
    "failing",
    "wrong",
    "annoying",
    "frustrat\\w*",
)
CONTEXT_CUE = _any(
    "today",
    "so basically",
    "here'?s the thing",
    "let me explain",
    "background",
    "for context",
    "i'?ve been",
    "a lot of you",
    "you asked",
)
PROOF_CUE = _any(
    "results?",
    "it worked",
    "look at",
    "here'?s proof",
    "proof",
    "went from",
    "increased",
    "doubled",
    "tripled",
    "data",
    "study",
    "studies",
    "research",
    "before and after",
    "i tried",
    "tested",
)
PAYOFF_CUE = _any(
    "and that'?s",
    "that'?s how",
    "that'?s why",
    "the result",
    "so now",
    "and now",
    "in the end",
    "finally",
    "voila",
    "and done",
    "that'?s it",
)
# Ordinals and numbered items that mark one entry of a list (also German, Spanish, French,
# Portuguese and Italian), without "then"/"next", which narrate as often as they list.
LIST_CUE = _any(
    "first",
    "firstly",
    "second",
    "secondly",
    "third",
    "thirdly",
    "step (?:one|two|three|four|five|\\d+)",
    "number (?:one|two|three|four|five|\\d+)",
    "tip (?:number )?(?:one|two|three|\\d+)",
    "last but not least",
    "lastly",
    "erstens",
    "zweitens",
    "drittens",
    "schritt \\d+",
    "primero",
    "segundo",
    "tercero",
    "paso \\d+",
    "premi[eè]rement",
    "deuxi[eè]mement",
    "d'abord",
    "[ée]tape \\d+",
    "primeiro",
    "terceiro",
    "passo \\d+",
    "primo",
    "secondo",
    "terzo",
)
# What fixes the problem: advice, an instruction, a way out.
SOLUTION_CUE = _any(
    "tip",
    "trick",
    "the key is",
    "make sure",
    "you need to",
    "you should",
    "you can",
    "use",
    "try",
    "instead",
    "instead of",
    "the trick is",
    "the fix",
    "the solution",
    "here'?s how",
    "all you (?:have|need) to do",
    "what you (?:do|want to do) is",
    "remember",
    "die l[öo]sung",
    "la soluci[óo]n",
    "la solution",
    "a solu[çc][ãa]o",
    "la soluzione",
)
# The moment a hidden thing is shown or said.
REVEAL_CUE = _any(
    "turns out",
    "it turns out",
    "the secret is",
    "here it is",
    "the winner is",
    "the answer is",
    "the answer",
    "plot twist",
    "it was actually",
    "revealed",
    "the big reveal",
)
TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# The first word in any script ("cómo", "wusstest", "est-ce"), for the question cue.
FIRST_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)?")


@dataclass(frozen=True)
class LineCues:
    """What a line of text does, by its cue phrases."""

    question: bool
    number: bool
    statistic: bool
    direct_address: bool
    curiosity_gap: bool
    bold_claim: bool
    controversy: bool
    tutorial_promise: bool
    story: bool


def line_cues(text: str) -> LineCues:
    clean = normalise(text)
    first = FIRST_WORD.match(clean.lstrip("\u00bf\u00a1\"' "))
    question = clean.rstrip().endswith("?") or (
        first is not None and QUESTION_START.fullmatch(first.group(0)) is not None
    )
    return LineCues(
        question=question,
        number=NUMBER.search(clean) is not None,
        statistic=STATISTIC.search(clean) is not None,
        direct_address=DIRECT_ADDRESS.search(clean) is not None,
        curiosity_gap=CURIOSITY_GAP.search(clean) is not None,
        bold_claim=BOLD_CLAIM.search(clean) is not None,
        controversy=CONTROVERSY.search(clean) is not None,
        tutorial_promise=TUTORIAL_PROMISE.search(clean) is not None,
        story=STORY_OPENER.search(clean) is not None,
    )


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, single spaces."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.lower().split())


def count_matches(pattern: re.Pattern[str], texts: Iterable[str]) -> int:
    return sum(len(pattern.findall(normalise(text))) for text in texts)


def quote(text: str, limit: int = 120) -> str:
    """A line shortened to `limit` characters on a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "\u2026"


def contains_phrase(haystack: str, phrase: str) -> bool:
    """Whole-word, case-insensitive containment of a catalog keyword or title."""
    needle = normalise(phrase).strip("# ")
    if not needle:
        return False
    return (
        re.search(r"(?<![a-z0-9])" + re.escape(needle) + r"(?![a-z0-9])", normalise(haystack))
        is not None
    )

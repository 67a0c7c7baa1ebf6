"""The few words and phrasings the default writer needs in each language it writes.

Everything the writer says that is not quoted from the video comes from here: the frame of a
summary ("The video shows how to …"), the clauses of a logline, and the word lists that tell a
title from a fragment (a title never ends in a function word) and a topic from an interface
word ("Follow", "Link"). Languages without an entry are written with the English frame.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

WRITER_LANGUAGES = ("en", "de", "es", "fr", "pt", "it")
# How long ago, in the six languages ("a year ago", "vor zwei Wochen", "hace un año"): a time
# that opens a story (`hook_cues.STORY_OPENER`) and that a title drops first
# (`text_writer._LEADING_TIME`).
TIME_AGO = (
    r"(?:a|an|one|two|three|four|five|six|a few|a couple of|\d+) "
    r"(?:years?|months?|weeks?|days?) ago",
    r"vor (?:einem|einer|zwei|drei|vier|f[uü]nf|ein paar|\d+) "
    r"(?:jahr|jahren|monat|monaten|woche|wochen|tagen)",
    r"hace (?:un|una|dos|tres|cuatro|cinco|unos|unas|\d+) (?:años?|mes|meses|semanas?|d[ií]as)",
    r"il y a (?:un|une|deux|trois|quatre|cinq|quelques|\d+) (?:ans?|mois|semaines?|jours)",
    r"h[aá] (?:um|uma|dois|duas|tr[eê]s|\d+) (?:anos?|m[eê]s|meses|semanas?|dias)",
    r"(?:un|due|tre|quattro|cinque|\d+) (?:anno|anni|mese|mesi|settimane?|giorni) fa",
)
# The days of the week in the six languages, as patterns: a story opens on one ("El domingo
# fui …", hook_cues.STORY_OPENER) and a title drops one a long clause opens with ("Last Sunday
# I …", text_writer._LEADING_TIME).
WEEKDAYS = {
    "en": r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    "de": r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)",
    "es": r"(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)",
    "fr": r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)",
    "pt": r"(?:segunda|ter[cç]a|quarta|quinta|sexta|s[aá]bado|domingo)",
    "it": r"(?:luned[iì]|marted[iì]|mercoled[iì]|gioved[iì]|venerd[iì]|sabato|domenica)",
}
# The months in the six languages, as patterns: a story opens on one ("In January 2020 I
# started …", "En marzo de 2019 …", hook_cues.STORY_OPENER) and a title drops one a long
# clause opens with (text_writer._LEADING_TIME).
MONTHS = {
    "en": r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)",
    "de": r"(?:januar|februar|m[aä]rz|april|mai|juni|juli|august|september|oktober|november"
    r"|dezember)",
    "es": r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre"
    r"|diciembre)",
    "fr": r"(?:janvier|f[eé]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre"
    r"|novembre|d[eé]cembre)",
    "pt": r"(?:janeiro|fevereiro|mar[cç]o|abril|maio|junho|julho|agosto|setembro|outubro"
    r"|novembro|dezembro)",
    "it": r"(?:gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre"
    r"|novembre|dicembre)",
}
# "Have you ever wondered" in the six languages: a line that opens on it asks ("Tu t'es déjà
# demandé pourquoi …", its "?" lost by the recogniser), and what it wonders is the title
# ("Pourquoi le leader du Tour de France est en jaune").
EVER_WONDERED = (
    r"(?:have you )?ever wondered|hast du dich (?:schon (?:mal |einmal )?|jemals )?gefragt"
    r"|(?:alguna vez )?te has preguntado|(?:tu t'es|vous vous [êe]tes) (?:d[ée]j[àa] )?"
    r"demand[ée]s?|(?:voc[eê] )?j[aá] se perguntou|(?:ti sei|vi siete) mai chiest[oaie]"
)


@dataclass(frozen=True)
class Phrasing:
    # "how to …" clauses, kept in the video's words: the named group that matched (`how`, or
    # `how_i` for how the creator does it), else the whole match.
    how_to: re.Pattern[str]
    # A phrase naming who the video is for: group 1 is the audience, quoted as spoken.
    audience: re.Pattern[str]
    video_is_about: str  # "{topic}"
    video_shows: str  # "{how}": a how-to clause
    video_for: str  # " for {audience}", appended before the full stop
    logline_subject: str
    # How the video opens, by hook type (question, statistic, bold_claim, controversy,
    # curiosity_gap; a story or tutorial opener is said by `tells_story` and `shows`).
    opens_with: Mapping[str, str]
    opens_with_line: str  # "{line}": the first line, quoted
    shows: str  # "{how}"
    talks_about: str  # "{topic}"
    tells_story: str  # "{topic}"
    lists: str  # "{topic}"
    problem_to_solution: str
    backs_with_proof: str
    ends_with_reveal: str
    ends_with_cta: str
    ends_asking: Mapping[str, str]  # by CTA kind: "ends by asking viewers to follow"
    and_word: str
    # How clauses join, in this language only ("y" is "and" in Spanish but a pronoun in French,
    # "ma" "but" in Italian but "my" in French, "o" "or" in Spanish but "the" in Portuguese):
    # a long sentence splits before a conjunction ("X is the best Y | and nobody knows it"); a
    # clause opening with a `leaning` word (or two: "así que", `opens_on`) leans on what was said
    # before it ("because …", "which …"); a whole sentence opening with a `continuing` one
    # continues the one before it ("And then …", "First, …", "Because if your towels smell
    # off, …"; not Italian "perché" nor Portuguese "porque", which also ask why).
    conjunctions: frozenset[str]
    leaning: frozenset[str]
    continuing: frozenset[str]
    # Words a title or topic never ends in, and interface words that are never a topic.
    function_words: frozenset[str]
    interface_words: frozenset[str]
    # Spoken openers dropped from the front of a quoted sentence ("So, …", "Okay, …").
    fillers: frozenset[str]
    # Asides of one or two words dropped from the front only when set off by a comma: who
    # the creator greets, how frankly they speak, a yes or no, the day they speak of ("Hi
    # everyone, …", "Honestly, …", "All right, …", "Hier, mon voisin a sonné …"), so
    # "Everyone wants the result" keeps its subject.
    asides: frozenset[str]
    # A line that only asks the viewer to keep watching ("Wait for the last scene", "Watch till
    # the end"): a teaser, never the video's headline or title.
    teaser: re.Pattern[str]
    # German writes every noun with a capital: there a capital does not mark a name.
    capital_nouns: bool = False
    # Determiners a topic is named with, as the video says it ("ce téléphone"), and what the
    # writer puts for each: an article or demonstrative itself, a possessive the article ("your
    # credit score" → "the credit score"). None for German, whose case would have to agree.
    determiners: Mapping[str, str] = field(default_factory=dict)
    # The definite articles, which a name of several words keeps where the video says it with
    # one ("the South Coast", "el Real Madrid"). None for German, as above.
    definite: frozenset[str] = frozenset()
    # Preposition + article contractions after the writer's frames ("de le" → "du").
    contractions: tuple[tuple[str, str], ...] = ()
    # The form an article the writer put for a possessive takes before its noun's first
    # letters (Italian "tuo stipendio" → "lo stipendio", "tua amica" → "l'amica").
    article_forms: tuple[tuple[re.Pattern[str], str], ...] = ()
    # A statement that opens with its verb, the subject after it: German puts one word before
    # the verb of a statement, so "Bin ich durch die Stadt gelaufen" is the rest of "Also bin
    # ich …", not a sentence; in English, a past verb on its object ("Made me write a
    # contract", "Took me 20 months") is a clause whose subject was said before it. None where
    # a statement may open with its verb.
    verb_first: re.Pattern[str] | None = None
    # Pronouns that open a clause as its subject, which a clause after it that opens on its
    # verb (`verb_first`) leaves unsaid: "He said yes, but made me write …". Empty where a
    # verb-first clause holds its subject after the verb (German).
    subjects: frozenset[str] = frozenset()
    # Words that make what follows them in a clause unknown: "nobody knows how to …", "je ne
    # sais pas comment …".
    negations: frozenset[str] = frozenset()
    # What another learned, ending the text before a "how to": "my cat figured out how to
    # open doors" tells what the cat did, not how to do it. None where not written.
    learned_by_another: re.Pattern[str] | None = None
    # Words that close a finished clause though they are function words elsewhere: German's
    # separable verb particles ("Die Wand kühlt dabei total aus"; a German preposition comes
    # before its object, so a clause ending on one ends on its verb's particle).
    particles: frozenset[str] = frozenset()
    # Prepositions a clause of where, when or how opens with: such a clause alone ("Au
    # Festival de Cannes", "With the engine running") says no claim.
    adjunct_openers: frozenset[str] = frozenset()
    # Adverbs that only stress what a sentence says ("literally", "honestly"): a sentence a
    # little too long for a title is titled without them ("Why does eating ice cream too fast
    # hurt your head?").
    intensifiers: frozenset[str] = frozenset()

    @cached_property
    def and_break(self) -> re.Pattern[str]:
        """Where a long sentence splits before a conjunction (`conjunctions`)."""
        joined = "|".join(sorted(self.conjunctions))
        return re.compile(rf",?\s+(?:{joined})\s+", re.IGNORECASE)

    @cached_property
    def negated(self) -> re.Pattern[str]:
        """A text that ends in its clause's negation and at most four words after it
        (`negations`): what follows it is something not known or not done."""
        joined = "|".join(re.escape(word) for word in sorted(self.negations, key=len, reverse=True))
        return re.compile(
            rf"\b(?:{joined})\b(?:[^\w,.;:!?]+\w+){{0,4}}[^\w,.;:!?]*$", re.IGNORECASE
        )


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# "So" as a clause opens with it, leaning on what was said before, where it is more than the
# one word "so" the English lists hold: "así que …", "du coup …", "deshalb …".
_SO = {
    "de": _words("deshalb deswegen"),
    "es": frozenset({"así que", "por eso"}),
    "fr": frozenset({"du coup"}),
    "pt": frozenset({"por isso"}),
    "it": frozenset({"per questo"}),
}


def opens_on(tokens: Sequence[str], openers: Collection[str]) -> bool:
    """Whether a line's words (lower case) open on one of `openers`: a word, or two
    ("así que", "du coup")."""
    return bool(tokens) and (tokens[0] in openers or " ".join(tokens[:2]) in openers)


def _determiners(kept: str, possessives: str = "", article: str = "") -> dict[str, str]:
    """Determiners the writer keeps as said, and possessives it replaces with `article`."""
    return {**{d: d for d in kept.split()}, **dict.fromkeys(possessives.split(), article)}


_EN_FUNCTION = _words(
    """a an the and or but nor so yet of to in on at by for with from into onto over under
    about as than that which who whom whose this these those my your our their his her its
    is are was were be been am do does did have has had will would can could should may might
    must i you he she it we they me him us them if then when while because just very really
    also not no up out off how what why where"""
)
_DE_FUNCTION = _words(
    """der die das den dem des ein eine einen einem einer eines und oder aber denn sondern
    von zu zum zur in im an am auf aus bei mit nach seit über unter vor für durch gegen ohne
    um als wie dass ob wenn weil ist sind war waren bin bist hat haben hatte wird werden kann
    können soll muss ich du er sie es wir ihr mein dein sein unser euer so auch nicht noch
    pro je"""
)
_ES_FUNCTION = _words(
    """el la los las un una unos unas y o pero ni de del a al en con por para sin sobre
    entre hasta desde que quien cual como cuando donde es son fue era ser estar está están
    he ha han yo tú él ella nosotros mi tu su nuestro muy también no se lo le les me te"""
)
_FR_FUNCTION = _words(
    """le la les un une des du de d' l' et ou mais donc car ni à au aux en dans sur sous
    avec pour par sans chez entre que qui quoi dont où comme quand si est sont était être
    avoir a ont je tu il elle nous vous ils elles mon ton son ma ta sa mes tes ses notre
    votre leur très aussi ne pas se ce cette ces"""
)
_PT_FUNCTION = _words(
    """o a os as um uma uns umas e ou mas nem de do da dos das em no na nos nas com por
    pelo pela para sem sobre entre até desde que quem qual como quando onde é são foi era
    ser estar está eu tu ele ela nós vocês meu teu seu nosso muito também não se"""
)
_IT_FUNCTION = _words(
    """il lo la i gli le un uno una e o ma né di del della dei degli delle a al alla ai
    in nel nella con per su sul sulla tra fra da dal dalla che chi cui come quando dove è
    sono era essere ho ha hanno io tu lui lei noi voi loro mio tuo suo nostro molto anche
    non si"""
)

# Words of the app's interface and of calls to act: never a topic, and a line that opens with
# one ("Follow for more") is not a headline. Words that are also subjects ("save money",
# "share prices") are left out, and French reads "comment" as "how".
_INTERFACE = _words(
    """open follow followers link bio subscribe subscribed click tap swipe notification bell
    comment comments
    folge folgt abonnieren abonniert klick kommentare kommentar
    sígueme síguenos seguir suscríbete suscribirse enlace comentarios comentario
    abonne abonnez abonnetoi lien commentaire commentaires
    siga segue inscreva inscrevase comentários seguimi iscriviti commenti commento"""
)

# Nouns too general to be a video's subject on their own ("minutes", "home").
GENERIC_NOUNS = _words(
    """second seconds minute minutes hour hours day days week weeks month months year years
    time times home thing things people way ways part today video videos yesterday tomorrow
    tonight night morning evening end lot bit stuff opinion min mins sec secs hr hrs pov
    gestern morgen heute nacht abend ende meinung
    ayer mañana hoy noche tarde final opinión
    hier demain soir nuit fin avis
    ontem amanhã hoje noite fim opinião
    ieri domani oggi sera notte fine opinione
    sekunde sekunden minute minuten stunde stunden tag tage woche wochen monat monate jahr
    jahre zeit hause ding dinge leute zeug
    segundo segundos minuto minutos hora horas día días semana semanas mes meses año años
    tiempo casa cosa cosas gente
    seconde secondes heure heures jour jours semaine semaines mois an ans année années temps
    maison chose choses gens truc trucs machin
    hora horas dia dias semana semanas mês meses ano anos tempo casa coisa coisas
    secondo secondi ora ore giorno giorni settimana settimane mese mesi anno anni tempo casa
    cosa cose roba
    number numbers nummer número numéro numero
    monday tuesday wednesday thursday friday saturday sunday weekend
    montag dienstag mittwoch donnerstag freitag samstag sonntag wochenende
    lunes martes miércoles jueves viernes sábado domingo
    lundi mardi mercredi jeudi vendredi samedi dimanche
    segunda terça quarta quinta sexta
    lunedì martedì mercoledì giovedì venerdì sabato domenica
    january february april june july august september october november december
    januar februar märz juni juli oktober dezember
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    janvier février avril juin juillet août septembre octobre novembre décembre
    janeiro fevereiro março maio junho julho setembro outubro novembro dezembro
    gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre"""
)
# The commonest adjectives: no subject alone ("petit": where no part-of-speech tagger runs, an
# adjective looks like a noun), though one may open a name ("New York", "Grand Canyon").
LONE_ADJECTIVES = _words(
    """small big good new little great
    klein kleine groß große gut gute neu neue
    pequeño pequeña grande bueno buena nuevo nueva
    petit petite grand grande bon bonne nouveau nouvelle
    pequeno pequena bom boa novo nova
    piccolo piccola buono buona nuovo nuova"""
)

# Adjectives that point at a noun rather than describe it ("my actual lips", "the wrong
# order", "la misma receta"): never the front of a topic. Not those that also open names and
# kinds ("Real Madrid", "real estate", "whole wheat").
POINTING_ADJECTIVES = _words(
    """actual entire same wrong exact other
    richtige richtigen falsche falschen ganze ganzen echte echten gleiche gleichen
    mismo misma verdadero verdadera entero entera
    même vrai vraie entier entière
    mesmo mesma verdadeiro verdadeira inteiro inteira
    stesso stessa vero vera intero intera"""
)

# Spoken openers in each language, and those heard in any ("okay", "um"); kept apart, since
# a filler of one language is a word of another ("ma" is Italian "but" and French "my", "y"
# Spanish "and" and a French pronoun).
_ANY_FILLERS = "okay ok um uh hey"
_FILLERS = {
    "en": _words(f"{_ANY_FILLERS} so well alright now and but hi hello yeah right basically"),
    "de": _words(f"{_ANY_FILLERS} also gut und aber hallo"),
    "es": _words(f"{_ANY_FILLERS} bueno pues vale entonces y pero hola"),
    "fr": _words(f"{_ANY_FILLERS} alors bon donc et mais bref salut"),
    "pt": _words(f"{_ANY_FILLERS} então bom e mas olá oi"),
    "it": _words(f"{_ANY_FILLERS} allora bene quindi e ma ciao"),
}

_TEASER = re.compile(
    r"^\W*(?:wait (?:for|till|until|to see)|watch (?:till|until|to) the end|stay (?:till|until)|"
    r"keep watching|don'?t skip|stop scrolling|"
    r"warte? (?:bis|auf)|wart'?s ab|schau bis zum ende|"
    r"espera (?:a|hasta)|mira hasta el final|no te lo saltes|"
    r"attends? (?:la fin|de voir|jusqu)|regardez? jusqu|"
    r"espera (?:at[eé]|pra|para ver)|assista at[eé]|"
    r"aspetta (?:la fine|di vedere|fino)|guarda fino)\b",
    re.IGNORECASE,
)

_ASIDES = frozenset(
    {
        *"""everyone everybody guys folks friends y'all honestly literally seriously look
        listen leute alle freunde ehrlich chicos chicas amigos todos gente sinceramente mira
        amis tous franchement écoutez écoute pessoal galera ragazzi amici tutti
        onestamente yes yeah no nope ja nein sí oui ouais non sim não sì
        yesterday today tonight gestern heute ayer hoy anoche hier aujourd'hui ontem hoje
        ieri oggi""".split(),  # noqa: SIM905
        "all right",
        "you know",
        "i mean",
        "les amis",
        "na ja",
        # what is left of a greeting once its filler is dropped ("Ciao | a tutti, …")
        "a tutti",
        "a todos",
        "à tous",
        "an alle",
    }
)

PHRASINGS: dict[str, Phrasing] = {
    "en": Phrasing(
        # "how to …", and how the creator does it where they present it ("Here's how I meal
        # prep …", "This is how we …"): the video shows it.
        how_to=re.compile(
            r"(?P<how>\bhow to [^.,;:!?]+)|"
            r"\b(?:here's|here is|this is|that's|that is)\s+(?P<how_i>how (?:I|we) [^.,;:!?]+)",
            re.IGNORECASE,
        ),
        learned_by_another=re.compile(
            r"\b(?:my|his|her|their|our|the|this|a) (?:[\w'-]+ ){1,3}(?:finally |just )?"
            r"(?:figured out|learned|learnt|worked out|knows|knew|forgot)\s*$",
            re.IGNORECASE,
        ),
        audience=re.compile(
            r"\bfor ((?:complete |total |absolute )?(?:beginners|newbies|students|parents|"
            r"runners|creators|small business(?:es| owners)|freelancers|busy people|"
            r"(?:new |first-time )?(?:moms|dads|investors|homeowners|travellers|travelers)))\b",
            re.IGNORECASE,
        ),
        video_is_about="The video is about {topic}.",
        video_shows="The video shows {how}.",
        video_for=" for {audience}",
        logline_subject="The video",
        opens_with={
            "question": "opens with a question",
            "statistic": "opens with a statistic",
            "bold_claim": "opens with a bold claim",
            "controversy": "opens with a hot take",
            "curiosity_gap": "opens with a teaser",
        },
        opens_with_line='opens with "{line}"',
        shows="shows {how}",
        talks_about="talks about {topic}",
        tells_story="tells a story about {topic}",
        lists="goes through a list on {topic}",
        problem_to_solution="moves from a problem to its solution",
        backs_with_proof="backs it up with proof",
        ends_with_reveal="ends with a reveal",
        ends_with_cta="ends with a call to action",
        ends_asking={
            "follow": "ends by asking viewers to follow",
            "subscribe": "ends by asking viewers to subscribe",
            "comment": "ends by asking viewers to comment",
            "share": "ends by asking viewers to share it",
            "save": "ends by asking viewers to save it",
            "like": "ends by asking viewers for a like",
            "link_in_bio": "ends by pointing to the link in the bio",
            "visit": "ends with an invitation to visit",
            "buy": "ends with an offer to buy",
        },
        and_word="and",
        conjunctions=_words("and but"),
        adjunct_openers=_words("in at on with without from after before during"),
        intensifiers=_words("literally honestly actually basically seriously totally genuinely"),
        continuing=_words("and or but so then first next finally because cause"),
        # ... and an auxiliary, which leans on its subject ("which, if you don't know, | is
        # basically how you get a book deal"); a whole sentence that asks may open on one.
        leaning=_words(
            "and or but because which that who when while if then as first next finally especially"
            " is are was were has have had does did"
        ),
        function_words=_EN_FUNCTION,
        interface_words=_INTERFACE,
        fillers=_FILLERS["en"],
        asides=_ASIDES,
        teaser=_TEASER,
        determiners=_determiners("the a an this that these those", "my your our their", "the"),
        definite=_words("the"),
        verb_first=re.compile(
            r"^(?:made|took|told|got|gave|cost|sent|helped|asked|forced|taught|showed|left"
            r"|kept|saved|drove|dragged|pushed|convinced)\s+(?:me|us|him|her|them)\b",
            re.IGNORECASE,
        ),
        subjects=_words("i he she we they you"),
        negations=_words(
            "nobody no not never cannot don't dont doesn't doesnt didn't didnt can't cant "
            "couldn't couldnt"
        ),
    ),
    "de": Phrasing(
        how_to=re.compile(r"\bwie (?:man|du|ihr|sie) [^.,;:!?]+", re.IGNORECASE),
        audience=re.compile(
            r"\bfür ((?:absolute |blutige )?(?:Anfänger(?:innen)?|Einsteiger|Studenten|"
            r"Studierende|Eltern|Läufer|Selbstständige|Creator))\b",
            re.IGNORECASE,
        ),
        video_is_about="Thema des Videos: {topic}.",
        video_shows="Das Video zeigt, {how}.",
        video_for=" \u2013 für {audience}",
        logline_subject="Das Video",
        opens_with={
            "question": "beginnt mit einer Frage",
            "statistic": "beginnt mit einer Statistik",
            "bold_claim": "beginnt mit einer kühnen Behauptung",
            "controversy": "beginnt mit einer steilen These",
            "curiosity_gap": "beginnt mit einem Teaser",
        },
        opens_with_line="beginnt mit „{line}“",
        shows="zeigt, {how}",
        talks_about="spricht über das Thema {topic}",
        tells_story="erzählt eine Geschichte zum Thema {topic}",
        lists="geht eine Liste zum Thema {topic} durch",
        problem_to_solution="führt von einem Problem zur Lösung",
        backs_with_proof="belegt es mit Beweisen",
        ends_with_reveal="endet mit einer Auflösung",
        ends_with_cta="endet mit einem Aufruf an die Zuschauer",
        ends_asking={
            "follow": "endet mit der Bitte, zu folgen",
            "subscribe": "endet mit der Bitte, den Kanal zu abonnieren",
            "comment": "endet mit der Bitte um Kommentare",
            "share": "endet mit der Bitte, das Video zu teilen",
            "save": "endet mit der Bitte, das Video zu speichern",
            "like": "endet mit der Bitte um ein Like",
            "link_in_bio": "endet mit dem Hinweis auf den Link in der Bio",
            "visit": "endet mit einer Einladung zum Besuch",
            "buy": "endet mit einem Kaufangebot",
        },
        and_word="und",
        conjunctions=_words("und aber"),
        adjunct_openers=_words("im am beim mit ohne nach vor bei während"),
        negations=frozenset({"niemand", "keiner", "nicht", "keine ahnung"}),
        continuing=_words("und oder aber dann erstens zweitens danach zuerst weil denn")
        | _SO["de"],
        leaning=_words(
            "und oder aber weil dass wenn denn dann erstens zweitens danach zuerst besonders"
        )
        | _SO["de"],
        function_words=_DE_FUNCTION,
        interface_words=_INTERFACE,
        fillers=_FILLERS["de"],
        asides=_ASIDES,
        teaser=_TEASER,
        capital_nouns=True,
        particles=_words(
            "ab an auf aus bei ein fest heim her hin los mit nach um vor weg zu zurück"
        ),
        verb_first=re.compile(
            r"^(?!(?:was|wie|wo|wann|warum|wieso|weshalb|wer|wen|wem|welche[rsnm]?|woher|"
            r"wohin|womit|wofür|worüber|ob|dass|weil|wenn|als|da)\b)[^\W\d]+\s+"
            r"(?:ich|du|er|sie|es|wir|ihr|man)\b",
            re.IGNORECASE,
        ),
    ),
    "es": Phrasing(
        how_to=re.compile(
            r"\bcómo (?:(?:se|te|lo|la) )?\w+(?:ar|er|ir)(?:lo|la|los|las|se|te)?\b[^.,;:!?]*",
            re.IGNORECASE,
        ),
        audience=re.compile(
            r"\bpara ((?:los |las )?(?:principiantes|estudiantes|padres|madres|corredores|"
            r"creadores|emprendedores))\b",
            re.IGNORECASE,
        ),
        video_is_about="El vídeo trata sobre {topic}.",
        video_shows="El vídeo muestra {how}.",
        video_for=", para {audience}",
        logline_subject="El vídeo",
        opens_with={
            "question": "empieza con una pregunta",
            "statistic": "empieza con una estadística",
            "bold_claim": "empieza con una afirmación rotunda",
            "controversy": "empieza con una opinión polémica",
            "curiosity_gap": "empieza con un gancho de intriga",
        },
        opens_with_line="empieza con «{line}»",
        shows="muestra {how}",
        talks_about="habla de {topic}",
        tells_story="cuenta una historia sobre {topic}",
        lists="repasa una lista sobre {topic}",
        problem_to_solution="pasa de un problema a su solución",
        backs_with_proof="lo respalda con pruebas",
        ends_with_reveal="termina con una revelación",
        ends_with_cta="termina con una llamada a la acción",
        ends_asking={
            "follow": "termina pidiendo que sigan la cuenta",
            "subscribe": "termina pidiendo que se suscriban",
            "comment": "termina pidiendo comentarios",
            "share": "termina pidiendo que lo compartan",
            "save": "termina pidiendo que lo guarden",
            "like": "termina pidiendo un like",
            "link_in_bio": "termina remitiendo al enlace de la bio",
            "visit": "termina con una invitación a visitar",
            "buy": "termina con una oferta de compra",
        },
        and_word="y",
        conjunctions=_words("y pero"),
        adjunct_openers=_words("en con sin durante después antes"),
        negations=frozenset({"nadie", "ni idea", "no"}),
        continuing=_words("y o pero luego primero después porque") | _SO["es"],
        leaning=_words(
            "y o pero porque que cuando si como primero después luego segundo especialmente"
        )
        | _SO["es"],
        function_words=_ES_FUNCTION,
        interface_words=_INTERFACE,
        fillers=_FILLERS["es"],
        asides=_ASIDES,
        teaser=_TEASER,
        determiners=_determiners("el la los las un una este esta estos estas ese esa"),
        definite=_words("el la los las"),
        contractions=(("de el ", "del "), ("a el ", "al ")),
    ),
    "fr": Phrasing(
        how_to=re.compile(
            r"\bcomment (?:(?:se|te) |[st]')?\w+(?:er|ir|re|oir)\b[^.,;:!?]*", re.IGNORECASE
        ),
        audience=re.compile(
            r"\bpour ((?:les )?(?:débutants|débutantes|étudiants|parents|coureurs|créateurs|"
            r"entrepreneurs))\b",
            re.IGNORECASE,
        ),
        # French says its subject: a clause that opens on a conjugated verb ("était imprimé
        # sur du papier jaune") is the rest of a sentence whose subject came before a comma.
        # Forms that are also imperatives or participles ("fais", "fait maison") are left out.
        verb_first=re.compile(
            r"^(?:est|était|étaient|sont|avait|avaient|ont|sera|seront|serait|fut|allait"
            r"|vont|pouvait|devait|faisait)\b",
            re.IGNORECASE,
        ),
        video_is_about="La vidéo parle de {topic}.",
        video_shows="La vidéo montre {how}.",
        video_for=", pour {audience}",
        logline_subject="La vidéo",
        opens_with={
            "question": "commence par une question",
            "statistic": "commence par une statistique",
            "bold_claim": "commence par une affirmation forte",
            "controversy": "commence par un avis tranché",
            "curiosity_gap": "commence par une accroche mystère",
        },
        opens_with_line="commence par « {line} »",
        shows="montre {how}",
        talks_about="parle de {topic}",
        tells_story="raconte une histoire sur {topic}",
        lists="passe en revue une liste sur {topic}",
        problem_to_solution="passe d'un problème à sa solution",
        backs_with_proof="l'appuie par des preuves",
        ends_with_reveal="se termine par une révélation",
        ends_with_cta="se termine par un appel à l'action",
        ends_asking={
            "follow": "se termine en invitant à suivre le compte",
            "subscribe": "se termine en invitant à s'abonner à la chaîne",
            "comment": "se termine en invitant à commenter",
            "share": "se termine en invitant à partager la vidéo",
            "save": "se termine en invitant à enregistrer la vidéo",
            "like": "se termine en demandant un like",
            "link_in_bio": "se termine en renvoyant au lien en bio",
            "visit": "se termine par une invitation à passer",
            "buy": "se termine par une offre d'achat",
        },
        and_word="et",
        conjunctions=_words("et mais"),
        adjunct_openers=_words("au aux à dans sur avec sans pendant après avant en"),
        negations=_words("personne ne pas"),
        continuing=_words("et ou mais puis d'abord ensuite enfin parce car") | _SO["fr"],
        leaning=_words(
            "et ou mais parce que qu' qui quand lorsqu' puisqu' si s' donc comme surtout notamment "
            "d'abord ensuite puis "
            "enfin"
        )
        | _SO["fr"],
        function_words=_FR_FUNCTION,
        interface_words=_INTERFACE - {"comment"},  # "how"
        fillers=_FILLERS["fr"],
        asides=_ASIDES,
        teaser=_TEASER,
        determiners={
            **_determiners("le la les l' un une ce cet cette ces"),
            **_determiners("", "mon ton son", "le"),
            **_determiners("", "ma ta sa", "la"),
            **_determiners("", "mes tes ses nos vos leurs", "les"),
        },
        definite=_words("le la les l'"),
        contractions=(("de le ", "du "), ("de les ", "des "), ("à le ", "au "), ("à les ", "aux ")),
    ),
    "pt": Phrasing(
        how_to=re.compile(r"\bcomo (?:se )?\w+(?:ar|er|ir)\b[^.,;:!?]*", re.IGNORECASE),
        audience=re.compile(
            r"\bpara ((?:os |as )?(?:iniciantes|estudantes|pais|mães|corredores|criadores))\b",
            re.IGNORECASE,
        ),
        video_is_about="O vídeo fala sobre {topic}.",
        video_shows="O vídeo mostra {how}.",
        video_for=", para {audience}",
        logline_subject="O vídeo",
        opens_with={
            "question": "começa com uma pergunta",
            "statistic": "começa com uma estatística",
            "bold_claim": "começa com uma afirmação ousada",
            "controversy": "começa com uma opinião polêmica",
            "curiosity_gap": "começa com um gancho de curiosidade",
        },
        opens_with_line='começa com "{line}"',
        shows="mostra {how}",
        talks_about="fala sobre {topic}",
        tells_story="conta uma história sobre {topic}",
        lists="percorre uma lista sobre {topic}",
        problem_to_solution="passa de um problema à sua solução",
        backs_with_proof="sustenta com provas",
        ends_with_reveal="termina com uma revelação",
        ends_with_cta="termina com uma chamada para ação",
        ends_asking={
            "follow": "termina pedindo para seguir o perfil",
            "subscribe": "termina pedindo para se inscrever",
            "comment": "termina pedindo comentários",
            "share": "termina pedindo para compartilhar",
            "save": "termina pedindo para salvar o vídeo",
            "like": "termina pedindo um like",
            "link_in_bio": "termina indicando o link na bio",
            "visit": "termina com um convite para visitar",
            "buy": "termina com uma oferta de compra",
        },
        and_word="e",
        conjunctions=_words("e mas"),
        adjunct_openers=_words("no na nos nas com sem durante depois antes em"),
        negations=_words("ninguém ninguem não nao"),
        continuing=_words("e ou mas depois primeiro") | _SO["pt"],
        leaning=_words("e ou mas porque que quando se como primeiro depois segundo principalmente")
        | _SO["pt"],
        function_words=_PT_FUNCTION,
        interface_words=_INTERFACE,
        fillers=_FILLERS["pt"],
        asides=_ASIDES,
        teaser=_TEASER,
        determiners={
            **_determiners("o a os as um uma este esta esse essa"),
            **_determiners("", "meu teu seu nosso", "o"),
            **_determiners("", "minha tua sua nossa", "a"),
        },
        definite=_words("o a os as"),
        contractions=(("de o ", "do "), ("de a ", "da "), ("de os ", "dos "), ("de as ", "das ")),
    ),
    "it": Phrasing(
        how_to=re.compile(
            r"\bcome \w+(?:are|ere|ire)(?:lo|la|li|le|si)?\b[^.,;:!?]*", re.IGNORECASE
        ),
        audience=re.compile(
            r"\bper ((?:i |gli )?(?:principianti|studenti|genitori|runner|creator))\b",
            re.IGNORECASE,
        ),
        video_is_about="Il video parla di {topic}.",
        video_shows="Il video mostra {how}.",
        video_for=", per {audience}",
        logline_subject="Il video",
        opens_with={
            "question": "inizia con una domanda",
            "statistic": "inizia con una statistica",
            "bold_claim": "inizia con un'affermazione forte",
            "controversy": "inizia con un'opinione controcorrente",
            "curiosity_gap": "inizia con un gancio di curiosità",
        },
        opens_with_line='inizia con "{line}"',
        shows="mostra {how}",
        talks_about="parla di {topic}",
        tells_story="racconta una storia su {topic}",
        lists="passa in rassegna una lista su {topic}",
        problem_to_solution="passa da un problema alla sua soluzione",
        backs_with_proof="lo dimostra con prove",
        ends_with_reveal="si chiude con una rivelazione",
        ends_with_cta="si chiude con un invito all'azione",
        ends_asking={
            "follow": "si chiude chiedendo di seguire il profilo",
            "subscribe": "si chiude chiedendo di iscriversi",
            "comment": "si chiude chiedendo di commentare",
            "share": "si chiude chiedendo di condividere il video",
            "save": "si chiude chiedendo di salvare il video",
            "like": "si chiude chiedendo un like",
            "link_in_bio": "si chiude rimandando al link in bio",
            "visit": "si chiude con un invito a visitare",
            "buy": "si chiude con un'offerta d'acquisto",
        },
        and_word="e",
        conjunctions=_words("e ma"),
        adjunct_openers=_words("nel nella nei negli con senza dopo prima durante"),
        negations=_words("nessuno non"),
        continuing=_words("e o ma poi prima dopo") | _SO["it"],
        leaning=_words("e o ma perché che quando se prima poi dopo soprattutto") | _SO["it"],
        function_words=_IT_FUNCTION,
        interface_words=_INTERFACE,
        fillers=_FILLERS["it"],
        asides=_ASIDES,
        teaser=_TEASER,
        determiners={
            **_determiners("il lo la i gli le l' un uno una questo questa questi queste"),
            **_determiners("", "mio tuo suo", "il"),
            **_determiners("", "mia tua sua", "la"),
        },
        definite=_words("il lo la i gli le l'"),
        article_forms=(
            (re.compile(r"^il (?=s[^aeiouàèéìòù\W]|z|gn|ps|x|y)", re.IGNORECASE), "lo "),
            (re.compile(r"^(?:il|la) (?=[aeiouàèéìòù])", re.IGNORECASE), "l'"),
        ),
        contractions=(
            ("di il ", "del "),
            ("di lo ", "dello "),
            ("di la ", "della "),
            ("di i ", "dei "),
            ("di gli ", "degli "),
            ("di le ", "delle "),
            ("di l'", "dell'"),
            ("su il ", "sul "),
            ("su la ", "sulla "),
            ("su l'", "sull'"),
        ),
    ),
}


def phrasing(language: str | None) -> Phrasing:
    """The phrasing of `language` (an ISO 639-1 code), English for any other."""
    return PHRASINGS.get((language or "en").split("-")[0].lower(), PHRASINGS["en"])


ALL_FUNCTION_WORDS = frozenset().union(*(p.function_words for p in PHRASINGS.values()))

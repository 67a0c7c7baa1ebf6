"""hook.v1 on hand-made signals: timing, cues, hook types, descriptions and suggestions."""

from __future__ import annotations

from dataclasses import replace

import pytest
from intel_samples import music_montage, spoken, talking_tutorial

from clipapi.intelligence.hook import analyse_hook
from clipapi.intelligence.hook_cues import FIGURE, line_cues
from clipapi.intelligence.hook_words import channel_hook
from clipapi.intelligence.layers import creator_layer, score_layer
from clipapi.intelligence.signals import CatalogTrack, Signals
from clipapi.signals.text_labels import Ranking


def _hook_strength(s: Signals) -> int:
    score = score_layer(s, creator_layer(s)).hook_strength
    assert score is not None
    return score.score


def _opening(first_line: str, start: float = 0.3) -> Signals:
    script = ((start, first_line), (start + 4.0, "Then we keep going with the rest."))
    return talking_tutorial(**spoken(script))


def test_a_late_first_word_lowers_hook_strength() -> None:
    early = _opening("Why do most people fail at saving money?", start=0.3)
    late = _opening("Why do most people fail at saving money?", start=3.0)

    assert _hook_strength(late) < _hook_strength(early)
    factor = next(
        f
        for f in score_layer(late, creator_layer(late)).hook_strength.factors  # type: ignore[union-attr]
        if f.factor == "time_to_first_word"
    )
    assert factor.effect < 0
    assert factor.t == 3.0
    hook = analyse_hook(late)
    assert hook is not None
    assert "no words until 3.0 s: start speaking in the first 0.5 s" in hook.suggestions


@pytest.mark.parametrize(
    ("line", "hook_type"),
    [
        ("Why do most people fail at saving money?", "question"),
        ("Have you ever wondered where your paycheck goes", "question"),
        ("What if I told you budgets are optional", "curiosity_gap"),
        ("Unpopular opinion: budgeting apps are a scam.", "controversy"),
        ("90% of people have no emergency fund.", "statistic"),
        ("Here's how to save your first thousand dollars.", "tutorial_promise"),
        ("This is the best budgeting method ever.", "bold_claim"),
        ("So I was at the bank yesterday.", "story"),
    ],
)
def test_the_opening_line_names_the_hook_type(line: str, hook_type: str) -> None:
    hook = analyse_hook(_opening(line))

    assert hook is not None
    assert hook.hook_type == hook_type
    assert hook.signals.first_line == line
    assert line in hook.primary_hook


def test_a_plain_opening_without_visual_interrupt_has_no_hook_type() -> None:
    s = replace(
        _opening("Okay let us talk about my week."),
        cut_times=(),
        motion_per_s=tuple([0.1] * 28),
        on_screen_text=(),
        first_frame_text=False,
    )
    hook = analyse_hook(s)

    assert hook is not None
    assert hook.hook_type == "none"
    assert any("makes no promise, question or claim" in tip for tip in hook.suggestions)
    assert any("no on-screen text in the first second" in tip for tip in hook.suggestions)


def test_a_music_montage_has_no_transcript_hook_line_and_is_described_from_what_shows() -> None:
    hook = analyse_hook(music_montage())

    assert hook is not None
    assert hook.signals.first_line is None
    assert hook.signals.time_to_first_word_s is None
    assert hook.signals.is_question is None
    assert hook.hook_type == "visual_pattern_interrupt"  # a cut at 2.0 s
    assert hook.primary_hook.startswith("Opens without speech")
    assert "a cut at 2.0 s" in hook.primary_hook
    assert 'music ("Aesthetic")' in hook.primary_hook


def test_a_trending_sound_names_the_hook_and_raises_it() -> None:
    plain = music_montage(cut_times=(), motion_per_s=tuple([0.3] * 20))
    trending = replace(plain, catalog_track=CatalogTrack("Aesthetic", "Tollan Kim", True, 0.9))
    plain_hook, trending_hook = analyse_hook(plain), analyse_hook(trending)

    assert plain_hook is not None
    assert trending_hook is not None
    assert plain_hook.hook_type == "none"
    assert trending_hook.hook_type == "trend_sound"
    assert trending_hook.score > plain_hook.score


def test_the_hook_window_follows_the_first_sentence() -> None:
    short = analyse_hook(_opening("Stop scrolling."))
    long_line = " ".join(["and"] * 25) + " then it ends."
    long = analyse_hook(_opening(long_line))
    none = analyse_hook(music_montage())

    assert short is not None
    assert long is not None
    assert none is not None
    assert short.hook_window_s == 1.5  # never shorter than 1.5 s
    assert long.hook_window_s == 6.0  # never longer than 6 s
    assert none.hook_window_s == 3.0


def test_visual_opening_signals_raise_the_hook() -> None:
    busy = talking_tutorial()
    bare = replace(
        busy,
        first_frame_face=False,
        first_frame_text=False,
        on_screen_text=(),
        cut_times=(6.4, 13.4),
    )
    busy_hook, bare_hook = analyse_hook(busy), analyse_hook(bare)

    assert busy_hook is not None
    assert bare_hook is not None
    assert bare_hook.score < busy_hook.score
    assert bare_hook.signals.cut_in_first_2s is False
    assert any("pattern interrupt" in tip for tip in bare_hook.suggestions)


def test_a_quiet_first_second_is_measured_and_penalised() -> None:
    quiet = talking_tutorial(rms_db=(-40.0, -40.0, *[-20.0] * 54))
    hook = analyse_hook(quiet)

    assert hook is not None
    assert hook.signals.loudness_onset_lu is not None
    assert hook.signals.loudness_onset_lu < -6
    assert any(f.factor == "loudness_onset" and f.effect < 0 for f in hook.factors)


def test_nothing_measured_means_no_hook_analysis() -> None:
    assert analyse_hook(Signals(duration_s=10.0)) is None


@pytest.mark.parametrize(
    ("line", "cue"),
    [
        ("Te enseño a hacer un delineado que aguanta todo el día.", "tutorial_promise"),
        ("Je vais te montrer comment monter une étagère.", "tutorial_promise"),
        ("Ich zeig dir, wie du in zehn Minuten Gnocchi machst.", "tutorial_promise"),
        ("Gnocchi in 10 Minuten", "tutorial_promise"),
        ("Une étagère en 1 heure", "tutorial_promise"),
        ("Delineado en un minuto", "tutorial_promise"),
        ("Wusstest du, dass Gnocchi nur drei Zutaten brauchen", "question"),
        ("¿Sabías que los perros sueñan?", "question"),
        ("Pourquoi le ciel est bleu", "question"),
        ("Opinión impopular: el Madrid juega peor que nunca.", "controversy"),
        ("Gestern habe ich den letzten Zug nach Wien verpasst.", "story"),
        ("Hace un año adopté a Luna.", "story"),
        ("A year ago I quit my job.", "story"),
        ("Vor zwei Wochen hat mein Handy aufgegeben.", "story"),
        ("Il y a trois ans, j'ai tout quitté.", "story"),
        ("Há dois anos eu comecei a correr.", "story"),
        ("Tre anni fa ho aperto un ristorante.", "story"),
        ("Tu n'as pas besoin d'une salle de sport.", "bold_claim"),
        ("These three habits fixed my mornings more than any app did.", "bold_claim"),
        ("Dieser Trick hilft mehr als jede App.", "bold_claim"),
        ("This is hands down the most broken loadout right now.", "bold_claim"),
        ("The setting killing your battery", "curiosity_gap"),
        ("Ce que personne ne remarque sur la tour Eiffel", "curiosity_gap"),
        ("Was niemand über Sparpläne weiß", "curiosity_gap"),
        ("Voy a decir algo que a mucha gente no le va a gustar.", "controversy"),
        ("A lot of people won't like this, but meal prep is overrated.", "controversy"),
        ("3 ejercicios para cantar sin ahogarte", "tutorial_promise"),
        ("5 tips to fall asleep faster", "tutorial_promise"),
        ("Este truco funciona mejor que cualquier crema.", "bold_claim"),
        ("Asturias en verano gana a cualquier playa del Mediterráneo.", "bold_claim"),
        ("O amigurumi mais fácil que existe", "bold_claim"),
        ("You're throwing away runs because of the order of your jokers.", "bold_claim"),
        ("I'm going to get yelled at for this, but short songs are better.", "controversy"),
        ("Vão me xingar, mas a poupança perde dinheiro.", "controversy"),
        ("Give me 20 seconds and I'll fix your serve.", "tutorial_promise"),
        ("Dame 30 segundos y te arreglo el saque.", "tutorial_promise"),
        ("Hier soir, on a testé le nouveau resto.", "story"),
        ("You check your phone 96 times a day.", "statistic"),
        ("This charger is 3 times faster than the old one.", "statistic"),
        # a count too large for a price tag or a timer
        ("About 8000 people marched through Bristol this afternoon.", "statistic"),
        ("Ancient fruit wine sells for 1,650 gold a bottle.", "statistic"),
        # a date that opens what the teller did
        ("In January 2020 I started putting 50 dollars a week into an index fund.", "story"),
        ("Im Januar 2021 habe ich gekündigt.", "story"),
        ("En enero de 2020 empecé a invertir.", "story"),
        ("En janvier 2020 j'ai tout quitté.", "story"),
        ("Em março de 2020 eu perdi o emprego.", "story"),
        ("A gennaio 2020 ho aperto un bar.", "story"),
        # a thing announced and withheld, and the harm it does with an adverb between
        ("Si vous prenez le train, il y a un truc que la SNCF n'a pas expliqué.", "curiosity_gap"),
        ("Hay algo que nadie te cuenta sobre el alquiler.", "curiosity_gap"),
        ("The 1 setting quietly killing your battery", "curiosity_gap"),
        # "nobody" in the other languages, as in English
        ("Ninguém vai vir te salvar, e quanto antes você aceitar isso, melhor.", "bold_claim"),
        ("Niemand wird dich retten.", "bold_claim"),
        # what the creator is about to show, and "how to" before an infinitive
        ("Okay so I'm gonna show you a lighthouse that actually looks good.", "tutorial_promise"),
        ("Comment apprendre une langue avec tes séries", "tutorial_promise"),
        ("Cómo limpiar unas zapatillas blancas", "tutorial_promise"),
        ("Wie man Brot ohne Ofen backt", "tutorial_promise"),
        ("Come preparare la pasta e patate", "tutorial_promise"),
        ("Vou te mostrar como eu organizo a geladeira.", "tutorial_promise"),
        # a secret or a trick named and not told
        ("This $40 keyboard has a secret", "curiosity_gap"),
        ("Il trucco di mia nonna", "curiosity_gap"),
        ("El truco de mi abuela para las croquetas", "curiosity_gap"),
        # one thing of its kind, unnamed, that nobody knows
        (
            "There's 1 card in Clash Royale that nobody at my level can play against.",
            "curiosity_gap",
        ),
        # a take announced as said plainly, as making enemies, as unwelcome
        ("I'm just gonna say it, pineapple belongs on pizza.", "controversy"),
        (
            "Ich sag's jetzt einfach, wer ein Kaninchen allein hält, tut ihm keinen Gefallen.",
            "controversy",
        ),
        ("Lo voy a decir: el gazpacho no es sopa.", "controversy"),
        (
            "Bon, je vais me faire des ennemis, mais une vraie quiche n'a pas de fromage.",
            "controversy",
        ),
        ("Lo so che mi odierete, ma la carbonara con la panna non è un crimine.", "controversy"),
        ("Motivation wird überbewertet, und das wollen viele nicht hören.", "controversy"),
        ("Unpopular truth: the tongue map is fake", "controversy"),
        # a take said on the way out
        ("Lo dico e poi scappo: la panna nella cacio e pepe non si mette.", "controversy"),
        ("Lo digo y me voy: la tortilla lleva cebolla.", "controversy"),
        ("Je dis ça et je m'en vais : le pain de mie, c'est pas du pain.", "controversy"),
        ("I'm gonna say this and run: cereal is soup.", "controversy"),
        # or closed to argument
        (
            "La tortilla de patatas sin cebolla no es tortilla, y no pienso discutirlo.",
            "controversy",
        ),
        ("Pineapple belongs on pizza, fight me.", "controversy"),
        ("Eine Pizza ohne Tomaten ist keine Pizza, und keine Diskussion.", "controversy"),
        # what few know, what no guide shows, something hidden and unnamed
        ("Pouca gente sabe que a Garota de Ipanema foi uma pessoa de verdade.", "curiosity_gap"),
        ("Peu de gens savent que la tour Eiffel grandit en été.", "curiosity_gap"),
        ("Nur wenige wissen, dass Igel keine Milch vertragen.", "curiosity_gap"),
        ("DAS ZEIGT DIR KEIN REISEFÜHRER", "curiosity_gap"),
        ("No guidebook tells you this about Kyoto.", "curiosity_gap"),
        ("PIXAR HID THIS IN ALMOST EVERY MOVIE", "curiosity_gap"),
        # a secret spot, a small thing announced and not named
        ("There's a secret spot on a glass ketchup bottle.", "curiosity_gap"),
        ("Hay un pequeño secreto en cada botella de kétchup.", "curiosity_gap"),
        (
            "There's 1 tiny thing on almost every road in Europe that tells you the country.",
            "curiosity_gap",
        ),
        ("Il y a une petite chose que tout le monde rate au musée.", "curiosity_gap"),
        # a phrase, a rule or a habit announced and not told; a reason withheld
        ("Hay una frase que me cambió la forma de empezar cualquier cosa.", "curiosity_gap"),
        ("There's one rule that fixed my sleep.", "curiosity_gap"),
        ("È il motivo per cui il vostro rossetto sparisce dopo il caffè.", "curiosity_gap"),
        ("Esse é o motivo pelo qual seu pão não cresce.", "curiosity_gap"),
        # what a thing did, the thing unnamed; what almost nobody knows
        ("the setting that fixed my muddy mixes", "curiosity_gap"),
        ("Il trucco che mi ha salvato la pelle in cucina.", "curiosity_gap"),
        ("THE ROME WATER TRICK NO TOURIST KNOWS", "curiosity_gap"),
        ("Casi nadie sabe que el pádel nació en México.", "curiosity_gap"),
        # a figure standing alone, pointed back to
        ("612 Kilowattstunden. So viel hat mein Balkonkraftwerk gemacht.", "statistic"),
        ("40,000 steps. That's how many I walked in Tokyo.", "statistic"),
        # the teller's age or a weekday opens what they did
        ("At 26 I got fired over a 10-minute video call.", "story"),
        ("El domingo fui a comer a casa de mi abuela.", "story"),
        ("Letzten Sonntag wollte ich nur kurz Brötchen holen.", "story"),
        ("Dimanche dernier, je suis allée au marché.", "story"),
        ("Domenica scorsa sono andata al mare.", "story"),
        # what most of a kind miss or get wrong
        ("THE DAY 1 MOVE MOST NEW FARMERS MISS", "curiosity_gap"),
        ("The one setting most iPhone users never notice", "curiosity_gap"),
        ("La plupart des touristes passent à côté de cette calanque.", "curiosity_gap"),
        ("Das Detail, das die meisten Anfänger übersehen", "curiosity_gap"),
    ],
)
def test_the_cue_rules_read_openers_in_other_languages(line: str, cue: str) -> None:
    assert getattr(line_cues(line), cue)


@pytest.mark.parametrize(
    "line",
    ["Como cada mañana, salgo a correr.", "Come with me to Lisbon.", "Quando ero piccolo."],
)
def test_words_that_also_open_statements_are_no_question(line: str) -> None:
    assert not line_cues(line).question


@pytest.mark.parametrize(
    "line",
    [
        "Okay, so, continuing from yesterday, I'm just tidying up the kitchen.",
        "Since last week the app keeps crashing.",
        "Die Reste von gestern werden heute Suppe.",
        "Hoy termino la receta de ayer.",
        # German "hier" is "here", not French "yesterday"
        "So, heute schmelz ich endlich die Kerzenreste ein, die seit Weihnachten hier liegen.",
        "Hier ist mein Trick für die Kerzen.",
        # a date that opens a report, not what the teller did
        "In 2025 prices rose by 3 percent.",
        "En 2024 los precios subieron y este año otra vez.",
        # a weekday or an age that is the subject's, not the teller's
        "Sunday is my favourite day of the week.",
        "At 26 degrees the dough rises in an hour.",
    ],
)
def test_a_time_the_line_refers_back_to_opens_no_story(line: str) -> None:
    assert not line_cues(line).story


@pytest.mark.parametrize(
    ("line", "cue"),
    [
        ("So I'm gonna show you how I fold my shirts.", "story"),
        ("Comment here if you agree.", "tutorial_promise"),
        ("Comment other ideas below.", "tutorial_promise"),
        ("Como ayer, salgo a correr.", "tutorial_promise"),
        ("He'll just say it again tomorrow.", "controversy"),
        ("I'm making friends at the new gym.", "controversy"),
        ("Es como vivir en una caja.", "tutorial_promise"),
    ],
)
def test_words_that_name_a_cue_elsewhere_do_not_here(line: str, cue: str) -> None:
    """ "So I'm gonna …" tells what comes, not a story; "comment here" and "como ayer" teach
    nothing."""
    assert not getattr(line_cues(line), cue)


def test_a_count_of_ones_own_tries_is_no_statistic() -> None:
    """A count of tries ("4 times") is a story's detail; "96 times a day" is a figure. A year
    is no count."""
    cues = line_cues("I failed my driving test 4 times, and then I sat in the car and cried.")
    assert not cues.statistic
    assert not line_cues("In 2019 I bought my first camera.").statistic
    assert cues.number
    assert FIGURE.search("i failed my driving test 4 times") is None
    assert FIGURE.search("you check your phone 96 times a day") is not None
    assert FIGURE.search("i failed 4 times so i tried once more") is None
    assert FIGURE.search("it holds 3 times as much water") is not None
    # a sum is no year, though its digits would make one
    assert FIGURE.search("30 ventes ou 2000 euros dans l'année") is not None
    assert FIGURE.search("in 2000 we moved to lyon") is None
    # a sum per period is a rate; a price alone is not
    assert FIGURE.search("$564 a year i didn't know i was spending") is not None
    assert FIGURE.search("47 euros al mes") is not None
    assert FIGURE.search("i made $40 an hour") is not None
    assert FIGURE.search("deutschlandticket: 63 euro") is None
    assert FIGURE.search("this $40 keyboard has a secret") is None


def test_a_figure_asked_only_by_its_mark_is_a_statistic() -> None:
    """A caption that opens on its figure and asks only by its question mark states the
    figure; one that asks in words, or asks about a thing, is a question."""
    for caption in ("7-8 % PRO JAHR SEIT 1970?", "+15 CM CHAQUE ÉTÉ ?", "$1000 IN 30 DAYS?"):
        assert channel_hook(caption, None, written=True).hook_type == "statistic", caption
    for caption in ("WHY DO 80% OF PEOPLE FAIL?", "¿NIACINAMIDA AL 10%? MEJOR NO"):
        assert channel_hook(caption, None, written=True).hook_type == "question", caption
    # a change given with its sign is a figure; a range is not a sign
    assert FIGURE.search("+15 cm chaque été") is not None
    assert FIGURE.search("7-8 bars") is None


@pytest.mark.parametrize(
    "line",
    [
        "at wimbledon the grass is cut to exactly 8 millimetres",
        "la tour eiffel peut grandir de 15 centimètres en été",
        "minus 272 degrees, plus 150, and it shrugs it off",
        "der turm ist 330 meter hoch",
        "ha crecido 15 centímetros",
        "mancano 3 chilometri",
        "faltam 2 quilômetros",
        "pesa 40 kg",
    ],
)
def test_a_measure_is_a_statistics_figure(line: str) -> None:
    assert FIGURE.search(line) is not None


def test_a_price_or_a_duration_is_still_no_figure() -> None:
    assert FIGURE.search("gnocchi in 10 minuten") is None
    assert FIGURE.search("deutschlandticket: 63 euro") is None
    assert FIGURE.search("i ran to the shop at 8") is None


def test_an_opening_that_asks_with_its_verb_left_out_is_a_question() -> None:
    said = "Heading to Lisbon and you've only got three days."
    assert channel_hook(said, None).hook_type == "question"
    ranking = Ranking.from_dict({"tutorial_promise": 0.28, "story": 0.27, "none": 0.25})
    assert channel_hook(said, ranking).hook_type == "question"
    assert channel_hook("Going to the gym today and I feel great.", ranking).hook_type != (
        "question"
    )


def test_a_price_on_screen_names_no_statistic() -> None:
    """A price is a statistic's cue word, but with no figure of a statistic beside it the
    caption the creator typed is no statistic ("THE $10 FIX" promises a fix)."""
    assert line_cues("RUNNING TOILET? THE $10 FIX").statistic
    assert channel_hook("RUNNING TOILET? THE $10 FIX", None, written=True).hook_type is None
    assert channel_hook("$564 A YEAR ON SUBSCRIPTIONS", None, written=True).hook_type == (
        "statistic"
    )

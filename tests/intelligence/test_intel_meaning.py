"""The meaning layer in the creator layer: the hook from both channels, multilingual calls to
action, and the e5 labels against the cue rules, on realistic lines scored by the real model.
None of these lines is a prototype sentence."""

from __future__ import annotations

from dataclasses import replace

import pytest
from intel_samples import music_montage, spoken, talking_tutorial

from clipapi.inference import text_models
from clipapi.intelligence.cta import Cta, analyse_cta, cta_type, decide_kind
from clipapi.intelligence.hook import analyse_hook
from clipapi.intelligence.hook_cues import line_cues
from clipapi.intelligence.hook_words import (
    ChannelHook,
    as_listed,
    channel_hook,
    channel_of,
    cue_heard,
    heard_surely,
    heard_well,
    verbal_hook,
)
from clipapi.intelligence.layers import creator_layer, score_layer
from clipapi.intelligence.signals import Line, OpeningWords, Signals, Word
from clipapi.signals import text_meaning
from clipapi.signals.text_labels import Ranking, rank
from clipapi.signals.text_meaning import line_key


def hook_ranking(text: str) -> Ranking:
    """As the understanding step ranks an opening: its prototypes and the learned head."""
    vector = text_models.embedder()([text])[0]
    hook_types = text_models.meaning_labels().hook_types
    return text_meaning.hook_ranking(vector, hook_types, text_models.hook_type_head())


def cta_ranking(text: str) -> Ranking:
    return rank(text_models.embedder()([text])[0], text_models.meaning_labels().cta_kinds)


def with_meaning(s: Signals) -> Signals:
    """`s` with the e5 rankings the understanding step would have added."""
    lines = [line.text for line in (*(s.sentences or ()), *(s.on_screen_text or ()))]
    first = s.sentences[0] if s.sentences else None
    opening = " ".join(t.text for t in s.on_screen_text or () if t.start < 3.0) or None
    return replace(
        s,
        cta_rankings={line_key(text): cta_ranking(text) for text in lines},
        opening_speech=OpeningWords(first.text, first.start, first.end, hook_ranking(first.text))
        if first
        else None,
        opening_text=OpeningWords(opening, 0.0, None, hook_ranking(opening)) if opening else None,
    )


HOOK_LINES = [
    ("question", "Why does your bread always come out flat?"),
    ("question", "Warum schmeckt dein Kaffee zu Hause nie so gut wie im Café?"),
    ("question", "¿Sabías que puedes ahorrar dinero sin cambiar tu sueldo?"),
    ("curiosity_gap", "The trick restaurants don't want you to know"),
    ("curiosity_gap", "Ce que personne ne te dit sur les crédits immobiliers"),
    ("bold_claim", "This is the easiest pasta you will ever make"),
    ("bold_claim", "Das ist die beste Übung für einen starken Rücken"),
    ("statistic", "I paid off 40,000 dollars of debt in 18 months"),
    ("statistic", "El 80 % de los principiantes abandona el gimnasio en tres meses"),
    ("story", "Three years ago I was broke and sleeping on a friend's couch"),
    ("story", "Gestern im Supermarkt ist mir was total Peinliches passiert"),
    ("tutorial_promise", "How to fold a shirt in two seconds"),
    ("tutorial_promise", "Te enseño a preparar una tortilla perfecta en cinco minutos"),
    ("tutorial_promise", "Comment nettoyer ton four sans produits chimiques"),
    ("controversy", "Meinung: Sparen ist völlig überbewertet"),
    ("controversy", "Unpopular opinion: meal prep is a waste of time"),
    (None, "Okay so this is my apartment"),
    (None, "Bonjour à tous, aujourd'hui on est à Lyon"),
    (None, "Hey guys"),
    (None, "This is a bowl of soup"),
]


def test_hook_types_of_openers_in_four_languages_are_mostly_right() -> None:
    got = [(want, channel_hook(text, hook_ranking(text)).hook_type) for want, text in HOOK_LINES]
    wrong = [(want, found) for want, found in got if want != found]
    assert len(wrong) <= 2, wrong  # issue 9 asks for 85 % on whole videos


def test_below_the_margin_the_cue_rules_decide() -> None:
    close = Ranking((("bold_claim", 0.318), ("story", 0.30), ("none", 0.25)))
    decided = channel_hook("Three years ago I was broke and sleeping on a friend's couch", close)
    assert (decided.hook_type, decided.decided_by) == ("story", "rules")
    clear = Ranking((("none", 0.47), ("question", 0.33)))
    assert channel_hook("Okay so this is my apartment", clear).hook_type is None


# Openings whose type only their cue phrase tells: a mystery nobody can explain, what cannot
# be unseen once noticed, what others say waved away, a count over a span, a story told to
# the viewer.
CUED_OPENINGS = [
    ("curiosity_gap", "Hundreds of people danced for weeks, and nobody can fully explain it."),
    ("curiosity_gap", "Bis heute kann niemand wirklich erklären, warum die Glocke läutete."),
    ("curiosity_gap", "Once you notice this in films, you genuinely cannot stop noticing it."),
    ("curiosity_gap", "Una volta che lo noti nei film, non riesci più a non vederlo."),
    ("curiosity_gap", "After this video you won't be able to unsee it on every menu."),
    ("controversy", "Me da igual lo que diga TikTok: más vitamina C no es mejor."),
    ("controversy", "I don't care what the gym bros say, you don't need creatine."),
    ("statistic", "14 brush fires in 9 days. That's why there's a burn ban now."),
    ("story", "You're walking through the market and a man hands you a rose, all smiles."),
    # the "and" written as a comma, the name misheard, as the recogniser wrote them
    (
        "story",
        "You're walking up the steps to secrete current, a guy steps in front of you, all smiles.",
    ),
    ("story", "POV: you said 'we should head out' at 9pm"),
]


@pytest.mark.parametrize(("want", "text"), CUED_OPENINGS)
def test_openings_are_typed_by_their_cue_phrases(want: str, text: str) -> None:
    assert channel_hook(text, hook_ranking(text)).hook_type == want


def test_a_count_over_a_span_opening_the_line_is_a_statistics_figure() -> None:
    lines = ("14 brush fires in 9 days.", "14 fires in nine days", "3 Unfälle in 2 Wochen.")
    for line in lines:
        assert line_cues(line).statistic, line
    assert not line_cues("I finished it in 2 days.").statistic  # a duration, not a count


def test_a_list_announced_and_gone_through_is_a_promise() -> None:
    line = "3 upgrades I made to my rental that all come off in 10 seconds."
    story = ChannelHook(line, "story", "e5", 0.3, 0.06)
    items = ["Number 1, cabinet handles.", "Number 2, a wall sconce.", "Number 3, the tiles."]
    assert as_listed(story, items).hook_type == "tutorial_promise"
    assert as_listed(story, ["All in, about 140 dollars.", "My deposit is safe."]) == story
    count = ChannelHook("Two years ago I couldn't run to the corner.", "story", "e5", 0.3, 0.1)
    assert as_listed(count, ["Then I ran every day.", "Now I run marathons."]) == count
    asks = ChannelHook("3 things nobody tells you about renting?", "question", "e5", 0.3, 0.1)
    assert as_listed(asks, items) == asks


def test_a_claim_announced_as_a_fight_is_a_take_however_clearly_e5_reads_a_claim() -> None:
    claim = Ranking((("bold_claim", 0.42), ("controversy", 0.30), ("none", 0.2)))
    line = "Ich sag's jetzt einfach, wer ein Kaninchen allein hält, tut ihm keinen Gefallen."
    decided = channel_hook(line, claim)
    assert (decided.hook_type, decided.decided_by) == ("controversy", "rules")
    plain = "Wer ein Kaninchen allein hält, tut ihm keinen Gefallen."
    assert channel_hook(plain, claim).hook_type == "bold_claim"


def test_a_statement_e5_reads_as_a_question_is_no_question() -> None:
    # Nothing asked: no mark, no word that opens only questions. e5's runner-up decides.
    asked = Ranking((("question", 0.39), ("statistic", 0.32), ("story", 0.24), ("none", 0.2)))
    line = "Das Deutschlandticket wird schon wieder teurer, und kaum jemand hat es mitbekommen."
    assert channel_hook(line, asked).hook_type is None  # no figure: no statistic either
    assert channel_hook("Wird das Deutschlandticket teurer?", asked).hook_type == "question"
    assert channel_hook("Warum wird das Ticket teurer", asked).hook_type == "question"
    # the auxiliary left out and the mark dropped: "(Are you) wondering why …"
    line = "wondering why your drive into town took forever this morning."
    assert channel_hook(line, asked).hook_type == "question"
    assert channel_hook("I was wondering why he left.", asked).hook_type != "question"
    # "have you ever wondered", its mark dropped, in the other languages
    for line in (
        "Tu t'es déjà demandé pourquoi le maillot du leader est jaune",
        "Hast du dich schon mal gefragt, warum Brot so schnell hart wird",
        "Alguna vez te has preguntado por qué el pan se pone duro",
        "Você já se perguntou por que o pão endurece",
        "Ti sei mai chiesto perché il pane diventa duro",
    ):
        assert channel_hook(line, asked).hook_type == "question", line
    assert channel_hook("Je me suis demandé pourquoi", asked).hook_type != "question"


def test_a_cue_names_the_type_where_e5_finds_no_type_near_a_caption() -> None:
    # e5 ranks `none` first, clearly: no prototype is near five words in capitals
    far = Ranking((("none", 0.25), ("tutorial_promise", 0.18), ("story", 0.17)))
    decided = channel_hook("UNE ÉTAGÈRE EN 1 HEURE", far, written=True)
    assert (decided.hook_type, decided.decided_by) == ("tutorial_promise", "rules")
    assert channel_hook("Okay so this is my apartment", far).hook_type is None
    # a spoken sentence e5 clearly reads as no hook stays none whatever cue it holds
    assert channel_hook("Une étagère en 1 heure", far).hook_type is None


def test_on_screen_a_cue_the_creator_typed_decides_over_e5() -> None:
    # e5 reads a story into "word for word", clearly; the caption promises a how-to
    storied = Ranking((("story", 0.32), ("question", 0.21), ("tutorial_promise", 0.20)))
    caption = "WORD FOR WORD: HOW TO ASK FOR A RAISE"
    decided = channel_hook(caption, storied, written=True)
    assert (decided.hook_type, decided.decided_by) == ("tutorial_promise", "rules")
    # spoken, e5's clear lead still decides
    assert channel_hook("Word for word, how to ask for a raise", storied).hook_type == "story"


def test_a_hook_shown_only_on_screen_over_a_plain_first_line_comes_from_the_text() -> None:
    s = with_meaning(
        talking_tutorial(
            on_screen_text=(Line(0.2, 3.5, "Nobody tells you this about rent"),),
            **spoken(((0.4, "Okay so this is my apartment."), (4.0, "It costs a lot."))),
        )
    )
    hook = analyse_hook(s)
    assert hook is not None
    assert hook.signals.hook_source == "text"
    assert hook.hook_type == "curiosity_gap"
    assert hook.signals.opening_text == "Nobody tells you this about rent"
    assert any(f.factor == "text_curiosity_gap" for f in hook.factors)


def test_a_spoken_spanish_question_with_a_matching_caption_comes_from_both() -> None:
    s = with_meaning(
        talking_tutorial(
            language="es",
            on_screen_text=(Line(0.0, 2.5, "¿Por qué nunca ahorras?"),),
            **spoken(((0.3, "¿Por qué nunca te sobra dinero a fin de mes?"),)),
        )
    )
    hook = analyse_hook(s)
    assert hook is not None
    assert (hook.signals.hook_source, hook.hook_type) == ("both", "question")


def static_opening(**overrides: object) -> Signals:
    """One continuous static shot with a caption that stays up, and no words spoken."""
    still = {
        "cut_times": (),
        "cuts_per_minute": 0.0,
        "motion_per_s": tuple([0.05] * 20),
        "music_present": False,
        "track_title": None,
        "on_screen_text": (Line(0.0, 20.0, "my morning"),),
    }
    return music_montage(**{**still, **overrides})


def test_a_static_opening_with_no_cut_is_not_a_pattern_interrupt() -> None:
    hook = analyse_hook(with_meaning(static_opening()))
    assert hook is not None
    assert hook.signals.cut_in_first_2s is False
    assert hook.signals.text_flash is False
    assert hook.hook_type == "none"
    assert hook.signals.hook_source is None  # no words made a hook


def test_a_cut_motion_burst_or_text_flash_without_words_is_a_pattern_interrupt() -> None:
    cut = static_opening(cut_times=(0.8,))
    burst = static_opening(motion_per_s=(0.6, 0.5, *[0.05] * 18))
    flash = static_opening(on_screen_text=(Line(0.5, 1.2, "wait"), Line(5.0, 20.0, "my morning")))
    for s in (cut, burst, flash):
        hook = analyse_hook(replace(s, opening_text=OpeningWords("wait", 0.5, 1.2, None)))
        assert hook is not None
        assert hook.hook_type == "visual_pattern_interrupt", s


def test_the_jitter_of_a_still_shot_is_no_motion_burst() -> None:
    # Twice the median of a still shot is still a still shot: 0.004 against 0.002 widths a
    # second is noise, not a camera whipping round.
    jitter = static_opening(motion_per_s=(0.004, 0.004, *[0.002] * 18))
    hook = analyse_hook(replace(jitter, opening_text=OpeningWords("wait", 0.5, 1.2, None)))
    assert hook is not None
    assert hook.signals.motion_in_first_2s is False
    assert hook.hook_type == "none"
    # Nor is a b-roll shot drifting steadily over talking heads that hardly move.
    drift = static_opening(motion_per_s=(0.05, 0.05, *[0.01] * 18))
    hook = analyse_hook(replace(drift, opening_text=OpeningWords("wait", 0.5, 1.2, None)))
    assert hook is not None
    assert hook.signals.motion_in_first_2s is False


CALLS = [
    ("follow", "Folgt mir für mehr Rezepte wie dieses", "de"),
    ("follow", "Sígueme si quieres más trucos de ahorro", "es"),
    ("subscribe", "Suscríbete y activa las notificaciones", "es"),
    ("subscribe", "Abonniert den Kanal, wenn euch das Video gefallen hat", "de"),
    ("subscribe", "Abonne-toi à la chaîne pour ne rien rater", "fr"),
    ("follow", "Abonne-toi pour la suite du voyage", "fr"),  # the apps' follow button
    ("comment", "Dimmi nei commenti quale ricetta vuoi vedere", "it"),
    ("comment", "Drop your favourite book in the comments", "en"),
    ("save", "Guarda este vídeo para tu próxima compra", "es"),
    ("share", "Send this to a friend who always burns the rice", "en"),
    ("link_in_bio", "Le lien est dans ma bio pour la recette complète", "fr"),
    ("link_in_bio", "Link na bio com o guia completo", "pt"),
    ("visit", "Visit our studio in Brooklyn this weekend", "en"),
    ("buy", "Use code SAVE20 for twenty percent off", "en"),
    ("like", "Deixa seu like se curtiu", "pt"),
    # Dropping in, and buying one's own, asked in every language.
    ("visit", "Die ganze Route steht auf meinem Blog, schaut da mal vorbei", "de"),
    ("visit", "Das ist der schönere Weg. Schaut einmal vorbei!", "de"),
    ("visit", "Se vier pro Rio, passa lá e pede um chope", "pt"),
    ("visit", "Si estás en Sevilla, pásate por el taller", "es"),
    ("visit", "So stop by the market on Saturday and say hi", "en"),
    ("share", "Schickt das jedem, der einen Garten hat", "de"),
    ("buy", "COMPRE SEU ELÁSTICO", "pt"),
    ("buy", "Holt euch das Set, solange es da ist", "de"),
    # ... and as creators phrase them: a send-off, the bio, "grab it", a little like.
    ("comment", "Best fade out of all time, comments, go.", "en"),
    ("link_in_bio", "Den Rechner hab ich euch in die Bio gepackt.", "de"),
    ("buy", "Cinta guía a 2 €, píllala en cualquier bazar", "es"),
    ("buy", "Y si no, el nuestro lo tenéis en la tienda, 4 euros el bote", "es"),
    ("like", "Si t'as bâillé, lâche un petit like, c'est pour la science", "fr"),
    ("visit", "Sábado tem roda de samba no bar, aparece lá pra tocar com a gente", "pt"),
    ("visit", "PASSATE A TROVARLI: ENIGMA ROOM, NAVIGLI", "it"),
    # where it is, then the ask; a listing of one's own; the ask with its pronouns
    ("visit", "The full list is on the council's website, so check it before Friday.", "en"),
    ("visit", "Andate su Lichess, è gratis, e giocatevela contro il computer.", "it"),
    ("visit", "Allez sur Lichess, c'est gratuit.", "fr"),
    ("buy", "It's up on my Etsy now if you want it, first come first served.", "en"),
    ("save", "Guárdatela para cuando apriete el calor.", "es"),
    ("follow", "Sígeme, que la semana que viene toca el 'quieto'.", "es"),  # its "u" misheard
    ("like", "Se anche tu lo fai da anni, lasciami un like.", "it"),
    ("comment", "Comenta 'eu' se você também odeia esse exercício.", "pt"),
    # the ask, then what it brings; a blog named; a save for when
    ("follow", "Follow and I'll update you when it moves.", "en"),
    ("follow", "Follow when I'll update you when it moves.", "en"),  # its "and" misheard
    ("visit", "TOUS MES SPOTS MARSEILLAIS SUR LE BLOG", "fr"),
    ("visit", "All my Lisbon spots are on my blog.", "en"),
    ("visit", "Die ganze Route steht auf meinem Blog.", "de"),
    ("save", "ENREGISTRE POUR TON PROCHAIN DIMANCHE", "fr"),
]
NOT_CALLS = [
    ("Je l'enregistre pour toi ce soir.", "fr"),
    ("Le programme est sur le site de la mairie.", "fr"),
    ("Follow the steps and it comes out right.", "en"),
    ("Add the garlic and cook it for one minute", "en"),
    ("The camera is great in low light", "en"),
    ("Wir sind heute in Berlin unterwegs", "de"),
    ("Después de tres meses, los resultados fueron increíbles", "es"),
    ("Follow the river until you reach the old bridge", "en"),
    ("I like this jacket a lot", "en"),
    ("Save money by cooking at home", "en"),
    ("Comment ça marche ? C'est simple", "fr"),
    ("Guarda questo tramonto sul lago", "it"),
    ("Then drop in the pasta and stir", "en"),
    ("O tempo passa lá fora devagar", "pt"),
    ("O problema aparece lá no fim da receita", "pt"),
    ("My comments go to the council every week", "en"),
    ("Der Sommer ist schon vorbei", "de"),
    ("Comenta-se que a loja vai fechar", "pt"),
    ("Va sur la plage si tu as chaud", "fr"),
]


@pytest.mark.parametrize(("kind", "text", "language"), CALLS)
def test_calls_to_action_in_six_languages_are_found_with_their_kind(
    kind: str, text: str, language: str
) -> None:
    decided = decide_kind(cta_type(text, language), cta_ranking(text))
    assert decided is not None, text
    assert decided[0] == kind


@pytest.mark.parametrize(("text", "language"), NOT_CALLS)
def test_ordinary_lines_are_no_call_to_action(text: str, language: str) -> None:
    assert decide_kind(cta_type(text, language), cta_ranking(text)) is None


def test_the_phrase_rules_alone_read_other_languages() -> None:
    assert cta_type("folgt mir für mehr", "de") == "follow"
    assert cta_type("suscríbete al canal", "es") == "subscribe"
    assert cta_type("le lien est dans ma bio", "fr") == "link_in_bio"
    assert cta_type("comment ça marche", "fr") is None  # French "how", not a comment ask
    assert cta_type("guarda questo video", "it") is None  # Italian "look", not Spanish "save"
    assert cta_type("guarda este video", "es") == "save"
    # a pronoun the recogniser wrote apart from its verb
    assert cta_type("sigue me, que el viernes subo la versión con cebolla", "es") == "follow"
    assert cta_type("suscribe te al canal", "es") == "subscribe"
    assert cta_type("segui mi per altre ricette", "it") == "follow"
    assert cta_type("sigue mi consejo", "es") is None
    # a shop of one's own sells; "drop by" and "go and see them" invite a visit
    assert cta_type("on l'a sorti sur ma boutique à neuf euros", "fr") == "buy"
    assert cta_type("you'll find it in my shop", "en") == "buy"
    assert cta_type("se passate da Milano andate a trovarli", "it") == "visit"
    # a web address shown in any language, and a bio the text reader glued to its possessive
    assert cta_type("ALLE INFOS AUF KVB.DE", "de") == "visit"
    assert cta_type("Welche Linien fahren, steht auf der Website der KVB.", "de") == "visit"
    assert cta_type("RUTA COMPLETA EN MIBIO", "es") == "link_in_bio"
    assert cta_type("me pinté el labio de rojo", "es") is None
    # an end card that opens with "visit" names where to go
    assert cta_type("VISIT CRUMB AND CO, FIFTH STREET", "en") == "visit"
    assert cta_type("Visiting Lisbon in winter", "en") is None
    assert cta_type("Visit to the old harbour, day two", "en") is None
    # Calls as creators phrase them, and a caption whose space the reader lost.
    assert cta_type("Pop this in your saves for the next lazy dinner", "en") == "save"
    assert cta_type("Pop this in your save so you have it", "en") == "save"
    assert cta_type("Come run with us on Saturday, we meet by the cafe", "en") == "visit"
    assert cta_type("Only 10 kits, so grab one before they're gone", "en") == "buy"
    assert cta_type("SUBSCRIBEFOR PART 2", "en") == "subscribe"
    assert cta_type("FOLLOWFORAEVERY SUNDAY RESET", "en") == "follow"
    assert cta_type("SAVEFORLATER", "en") == "save"
    assert cta_type("My uncle replied with a thumbs up", "en") is None  # a story, not an ask
    assert cta_type("Grab a pan and heat the oil", "en") is None
    # The everyday ways of German, Spanish and French creators.
    assert cta_type("Schickt das jemandem, dessen Hund genauso stur ist", "de") == "share"
    assert cta_type("Te dejé la guía completa en el link de mi bio", "es") == "link_in_bio"
    assert cta_type("Passez nous voir à l'atelier, tous les samedis", "fr") == "visit"
    assert cta_type("Foncez avant qu'il soit de nouveau en rupture", "fr") == "buy"
    assert cta_type("Il passe me voir demain", "en") is None  # French words read only in French
    # Brazilian creators ask in the imperative of "você" ("segue aqui", "comenta aqui"); a
    # recipe that "segue assim" (goes on like this) asks nothing.
    assert cta_type("Segue aqui que amanhã eu mostro a parte dois", "pt") == "follow"
    assert cta_type("Comenta aqui quantas séries você aguentou", "pt") == "comment"
    assert cta_type("Se você concorda, deixa aquele like", "pt") == "like"
    assert cta_type("Salva pra depois e faz no fim de semana", "pt") == "save"
    assert cta_type("A receita segue assim: mistura tudo na panela", "pt") is None


# A bio or a profile named as where something is; "tell me" asking for an answer; a website
# to check; a caption that ends on the ask. A story that did not buy asks nothing.
@pytest.mark.parametrize(
    ("text", "language", "kind"),
    [
        ("My pricing calculator is in my bio if you want it", "en", "link_in_bio"),
        ("Tout mon itinéraire est dans ma bio", "fr", "link_in_bio"),
        ("La lista completa è nella mia bio", "it", "link_in_bio"),
        ("Tell me the most criminal thing your pet has done", "en", "comment"),
        ("So tell me, which one would you pick", "en", "comment"),
        ("He said he'd tell me later", "en", None),
        ("Dime cuál te gusta más", "es", "comment"),
        ("Check where you vote on the council website", "en", "visit"),
        ("Vai ao site deles e experimenta", "pt", "visit"),
        ("PART 2 TOMORROW - FOLLOW", "en", "follow"),
        ("Where the leader goes, the others follow.", "en", None),
        ("Weird, because I didn't buy any yogurt this week", "en", None),
        ("You should buy the bigger one", "en", "buy"),
        # the account to follow named by its pet's name; one who follows someone asks nothing
        ("Follow Juniper for more of her firsts.", "en", "follow"),
        ("So follow my cat Bean for more chaos", "en", "follow"),
        ("I follow this guy for more info", "en", None),
        # the ask alone, then why; one who follows asks nothing
        ("Follow, I'm breaking down a different surface every day this week.", "en", "follow"),
        ("I follow, like, 200 accounts", "en", None),
        # the video sent to someone
        ("Manda esse vídeo pra alguém que acha que já passou da hora.", "pt", "share"),
        ("Mándale este vídeo a tu hermano", "es", "share"),
        ("mandase lo a tu hermano", "es", "share"),  # as the recogniser splits it
        ("Mandalo a quell'amico che cucina sempre", "it", "share"),
        ("Ayer le mandé un mensaje a mi jefe", "es", None),
        ("Folgt Bella für mehr Tricks", "de", "follow"),
        ("Sigan a Luna para más videos", "es", "follow"),
        ("Suivez Juniper pour la suite", "fr", "follow"),
        ("Segue o Caramelo pra mais truques", "pt", "follow"),
        ("Seguite Luna per altri video", "it", "follow"),
        # the polite and plural imperatives of Spanish "visitar"
        ("Si los quieren ver de cerca, visiten el museo", "es", "visit"),
        # the comments named as open; a website named, then a look asked for; a save for
        # when it is needed
        ("Runners, I know you're typing already, go on, the comments are open.", "en", "comment"),
        ("The comments below the video were wild", "en", None),
        ("The full map is up on the council website, go have a look", "en", "visit"),
        ("I read on the BBC website that it was closed", "en", None),
        ("SAVE FOR YOUR NEXT TRIP", "en", "save"),
        ("I save for my kids every month", "en", None),
        # the plural imperative of Spain, and a website of one's own
        ("Seguidme para la parte 2", "es", "follow"),
        ("Gli orari li trovate sul mio sito", "it", "visit"),
        ("Tout est sur mon site", "fr", "visit"),
        # a discount with one's code, or a percentage off, in each language
        ("Con mi código tienes un 15 por ciento de descuento", "es", "buy"),
        ("CÓDIGO CAJON15: 15% DE DESCUENTO", "es", "buy"),
        ("Mit meinem Code bekommt ihr 10 % Rabatt", "de", "buy"),
        ("Avec mon code, 20 % de réduction", "fr", "buy"),
        ("Com meu código vocês têm 10% de desconto", "pt", "buy"),
        ("Con il mio codice avete il 10% di sconto", "it", "buy"),
        # the answer asked for below; a part promised for a number of likes
        ("Small business people, what did nobody warn you about? Drop it below.", "en", "comment"),
        ("I dropped it below the shelf", "en", None),
        ("PATCH KIT + KNIFE LINKED IN BIO", "en", "link_in_bio"),
        ("Links in bio", "en", "link_in_bio"),
        ("Everything I used is linked below", "en", "link_in_bio"),
        ("Part 2 if this gets 5000 likes, I've got a worse one.", "en", "like"),
        ("This video got 5000 likes yesterday", "en", None),
        ("Teil 2 gibt's bei 1000 Likes", "de", "like"),
        ("Si este vídeo llega a 1000 likes subo la parte 2", "es", "like"),
        ("Si cette vidéo fait 2 000 likes je fais la suite", "fr", "like"),
        ("Se esse vídeo bater 1000 likes eu faço a parte 2", "pt", "like"),
        ("Se arriva a 1000 like faccio la parte 2", "it", "like"),
    ],
)
def test_calls_as_creators_phrase_them(text: str, language: str, kind: str | None) -> None:
    assert cta_type(text, language) == kind


def test_an_ask_on_its_own_line_of_a_wrapped_caption_is_found() -> None:
    """OCR reads a wrapped caption line by line; joined, "PART 2 TOMORROW FOLLOW" runs the ask
    into the line before it."""
    s = with_meaning(
        talking_tutorial(
            on_screen_text=(Line(20.5, 23.3, "PART 2 TOMORROW"), Line(20.5, 23.3, "FOLLOW")),
            **spoken(((0.3, "My roommate keeps eating my yogurts."), (4.0, "So I swapped them."))),
        )
    )
    cta = analyse_cta(s)
    assert cta is not None
    assert (cta.present, cta.type, cta.shown, cta.spoken) == (True, "follow", True, False)


def spoken_cta(*said: tuple[float, str]) -> Cta:
    """The video's call, of a talking-head clip that says `said` and shows nothing."""
    cta = analyse_cta(with_meaning(talking_tutorial(on_screen_text=(), **spoken(said))))
    assert cta is not None
    return cta


def test_a_look_asked_for_in_the_line_after_where_is_a_call() -> None:
    """The recogniser ends the sentence at "website": the ask comes alone after it."""
    cta = spoken_cta(
        (0.3, "The bridge is shut to cars from today."),
        (20.0, "The full diversion map is up on the council website."),
        (23.0, "Go have a look before tomorrow."),
    )
    assert (cta.present, cta.type, cta.text) == (True, "visit", "Go have a look before tomorrow.")
    # "so check it", split from the website by the recogniser's full stop
    cta = spoken_cta(
        (0.3, "There's a burn ban across the whole county."),
        (20.0, "The full list is on the county fire marshal's website."),
        (23.0, "So check it before you light anything this weekend."),
    )
    assert (cta.present, cta.type) == (True, "visit")
    # a look asked for after a line that says no where is no call
    cta = spoken_cta((0.3, "I repainted the whole hallway."), (20.0, "Go have a look at this."))
    assert not cta.present


def test_a_german_spoken_call_to_follow_is_the_videos_cta() -> None:
    s = with_meaning(
        talking_tutorial(
            language="de",
            on_screen_text=(),
            **spoken(
                (
                    (0.3, "Das ist mein schnellstes Abendessen."),
                    (4.0, "Nudeln kochen und Tomaten anbraten."),
                    (24.0, "Folgt mir für mehr schnelle Rezepte!"),
                )
            ),
        )
    )
    cta = analyse_cta(s)
    assert cta is not None
    assert cta.present
    assert (cta.type, cta.spoken, cta.shown, cta.timestamp) == ("follow", True, False, 24.0)


def test_a_call_only_shown_on_screen_is_found_and_marked_shown() -> None:
    s = with_meaning(
        talking_tutorial(on_screen_text=(Line(25.0, 28.0, "Full recipe: link in bio"),))
    )
    cta = analyse_cta(s)
    assert cta is not None
    assert cta.present
    assert (cta.type, cta.spoken, cta.shown) == ("link_in_bio", False, True)


def test_a_line_only_e5_reads_as_a_call_counts_only_late_in_the_video() -> None:
    line = "Click."  # e5 ranks it link_in_bio first, well ahead of ordinary content
    assert cta_type(line, "en") is None
    assert decide_kind(None, cta_ranking(line)) == ("link_in_bio", "e5_only")
    assert decide_kind(None, cta_ranking(line), late=False) is None
    said = ((0.3, "Nobody on TV ever says goodbye on the phone."), (8.0, line), (12.0, "Done."))
    early = analyse_cta(with_meaning(talking_tutorial(on_screen_text=(), **spoken(said))))
    assert early is not None
    assert early.present is False
    said = ((0.3, "Nobody on TV ever says goodbye on the phone."), (27.0, line))
    late = analyse_cta(with_meaning(talking_tutorial(on_screen_text=(), **spoken(said))))
    assert late is not None
    assert (late.present, late.type) == (True, "link_in_bio")


def test_a_video_without_a_call_has_none() -> None:
    cta = analyse_cta(with_meaning(talking_tutorial()))
    assert cta is not None
    assert cta.present is False


def test_a_montage_without_words_gets_a_low_integer_educational_value() -> None:
    s = music_montage()
    scores = score_layer(s, creator_layer(s))
    detail = scores.educational_value
    assert detail is not None
    assert isinstance(detail.score, int)
    assert detail.score <= 10
    assert [f.factor for f in detail.factors] == ["no_spoken_or_shown_words"]
    assert all(
        getattr(scores, name) is not None
        for name in ("hook_strength", "retention_design", "cta_effectiveness", "audio_clarity")
    )


def test_confidence_follows_the_evidence_and_different_clips_rarely_tie() -> None:
    clips = [
        talking_tutorial(),
        talking_tutorial(asr_confidence=0.72),
        talking_tutorial(category_margin=0.12),
        talking_tutorial(language_probability=0.55),
        talking_tutorial(duration_s=45.0),
        with_meaning(talking_tutorial()),
        music_montage(),
    ]
    values = [score_layer(s, creator_layer(s)).confidence_overall.score for s in clips]
    assert len(set(values)) >= len(values) - 1, values
    assert values[1] < values[0]  # the recogniser was less sure
    assert values[2] > values[0]  # a clear category
    assert values[-1] == min(values)  # nothing to read
    detail = score_layer(clips[0], creator_layer(clips[0])).confidence_overall
    assert detail.method == "confidence.v2"
    assert abs(sum(f.effect for f in detail.factors) - detail.score) <= 1


def test_a_wrapped_caption_read_line_by_line_is_one_call_to_action() -> None:
    s = with_meaning(
        talking_tutorial(
            language="de",
            on_screen_text=(Line(24.0, 28.0, "SPEICHERN UND"), Line(24.0, 28.0, "MITMACHEN")),
            **spoken(((0.3, "Wir starten im Stehen."), (4.0, "Dann auf den Bauch legen."))),
        )
    )
    cta = analyse_cta(s)
    assert cta is not None
    assert cta.present
    assert (cta.type, cta.text, cta.shown) == ("save", "SPEICHERN UND MITMACHEN", True)


def test_an_english_question_whose_mark_the_recogniser_dropped_is_still_a_question() -> None:
    text = "is a five hundred dollar phone actually good enough in 2026."
    assert channel_hook(text, hook_ranking(text)).hook_type == "question"


def test_when_both_channels_hook_the_stronger_type_names_it() -> None:
    """A contrarian caption over a story opener: the take is what the viewer reads."""
    s = with_meaning(
        talking_tutorial(
            on_screen_text=(Line(0.0, 3.0, "Unpopular opinion: savings accounts are a scam"),),
            **spoken(((0.3, "So last week I was at the bank with my dad."), (4.0, "He laughed."))),
        )
    )
    hook = analyse_hook(s)
    assert hook is not None
    assert (hook.signals.hook_source, hook.hook_type) == ("both", "controversy")


def test_when_the_channels_differ_the_type_both_hold_a_cue_of_names_it() -> None:
    said = ChannelHook(
        "Nobody is coming to save you, and honestly, that's good news.",
        "curiosity_gap",
        "e5",
        0.45,
        0.07,
    )
    shown = ChannelHook("NOBODY IS COMING TO SAVE YOU", "bold_claim", "e5", 0.67, 0.26)
    assert verbal_hook(said, shown) == ("both", shown)
    # No cue on either side: the stronger type, as before.
    story = ChannelHook("So last week I was at the bank with my dad.", "story", "rules", None, None)
    take = ChannelHook("Savings accounts are a scam", "controversy", "rules", None, None)
    assert verbal_hook(story, take) == ("both", take)


def test_a_first_line_of_guesses_carries_no_hook_and_the_caption_decides() -> None:
    line = "La bouche, la bouche, son tout plat et le deuxième chou"
    misheard = OpeningWords(line, 0.2, 3.0, hook_ranking(line), heard=0.41)
    assert channel_of(line, misheard).hook_type is None
    assert channel_of(line, misheard).decided_by == "rules"
    # a cue phrase the recogniser got right in a misheard line still names the type
    story = "Hace un año a Motea Luha, una perita que nadie quería"
    heard_badly = OpeningWords(story, 0.2, 3.0, hook_ranking(story), heard=0.45)
    assert channel_of(story, heard_badly).hook_type == "story"
    caption = "BOUCLES PLATES LE 2E JOUR ?"
    shown = channel_of(caption, OpeningWords(caption, 0.0, 3.0, hook_ranking(caption)), True)
    assert verbal_hook(channel_of(line, misheard), shown) == ("text", shown)
    assert shown.hook_type == "question"
    # A cue among the guesses ("En fait") does not outweigh what the creator wrote.
    longer = f"{line} En fait, c'est sous mon raté d'oreille"
    guessed = channel_of(longer, OpeningWords(longer, 0.2, 3.0, hook_ranking(longer), heard=0.4))
    assert guessed.hook_type == "curiosity_gap"
    assert verbal_hook(guessed, shown) == ("both", guessed)  # heard surely: the stronger type
    assert verbal_hook(guessed, shown, spoken_heard=False) == ("both", shown)
    # "well" is at most about one word in five a guess: surely heard is not enough
    half = OpeningWords(longer, 0.2, 3.0, hook_ranking(longer), heard=0.55)
    assert heard_surely(half)
    assert not heard_well(half)
    assert heard_well(OpeningWords(longer, 0.2, 3.0, hook_ranking(longer), heard=0.9))
    assert heard_well(None)


def test_a_cue_is_judged_by_how_surely_its_own_words_were_heard() -> None:
    def said(*pairs: tuple[str, float]) -> list[Word]:
        return [Word(0.3 * i, 0.3 * i + 0.25, f" {w}", p) for i, (w, p) in enumerate(pairs)]

    take = "Opinión impopular, el Real Madrid no merecía ganar."
    words = said(("Opinión", 0.57), ("impopular,", 0.87), ("el", 0.9), ("Real", 0.54))
    assert cue_heard(take, "controversy", words) == pytest.approx(0.72)
    garbled = "La bouche, son tout plat En fait, c'est sous mon raté"
    words = said(("La", 0.03), ("bouche,", 0.35), ("En", 0.006), ("fait,", 0.88), ("c'est", 0.8))
    assert cue_heard(garbled, "curiosity_gap", words) == pytest.approx(0.443)
    assert cue_heard(garbled, "story", words) is None  # no story cue in the line
    assert cue_heard(take, "controversy", said(("Opinion", 0.9))) is None  # not spelled so


def test_the_hook_does_not_quote_a_first_line_of_guesses() -> None:
    line = "On commence à mettre de plâche de paie carréquelles"
    s = with_meaning(
        talking_tutorial(
            on_screen_text=(Line(0.0, 3.0, "UNE ÉTAGÈRE EN 1 HEURE"),),
            **spoken(((0.3, line), (4.0, "Je ponce les bords."))),
        )
    )
    assert s.opening_speech is not None
    s = replace(s, opening_speech=replace(s.opening_speech, heard=0.45))
    hook = analyse_hook(s)
    assert hook is not None
    assert (hook.hook_type, hook.signals.hook_source) == ("tutorial_promise", "text")
    assert "carréquelles" not in hook.primary_hook
    assert "could not be made out" in hook.primary_hook
    # Heard surely but not well (one word in five a guess): the caption is quoted, not the line.
    s = replace(s, opening_speech=replace(s.opening_speech, heard=0.7))
    hook = analyse_hook(s)
    assert hook is not None
    assert "carréquelles" not in hook.primary_hook
    assert '"UNE ÉTAGÈRE EN 1 HEURE"' in hook.primary_hook
    assert "not heard clearly" in hook.primary_hook


def test_a_headline_on_screen_asks_only_with_a_question_mark() -> None:
    def hook_type(caption: str) -> str | None:
        hook = analyse_hook(
            talking_tutorial(
                on_screen_text=(Line(0.0, 3.0, caption),),
                **spoken(((0.3, "This is my desk."), (4.0, "It is tidy now."))),
            )
        )
        assert hook is not None
        return hook.hook_type

    assert hook_type("Why you're broke?") == "question"
    assert hook_type("Why you're broke") != "question"  # a headline that explains


def test_a_spoken_question_that_leaves_out_its_auxiliary_still_asks() -> None:
    """The recogniser drops the "?" of "Got a spare day in Edinburgh …?"."""
    for line in (
        "Got a spare day in Edinburgh and already sick of the crowds.",
        "Tired of soggy fries every single time.",
    ):
        hook = analyse_hook(
            talking_tutorial(on_screen_text=(), **spoken(((0.3, line), (4.0, "Take the train."))))
        )
        assert hook is not None
        assert hook.hook_type == "question", line


def test_a_comparison_that_takes_a_side_is_a_bold_claim() -> None:
    for line in (
        "This 180 dollar Motorola takes better night photos than my old flagship",
        "Ce petit chargeur est meilleur que celui de mon ordinateur",
        "Dieses Handy ist besser als mein altes",
    ):
        assert line_cues(line).bold_claim, line


def test_nobody_telling_you_is_a_curiosity_gap_in_every_language() -> None:
    for line in (
        "Nadie te cuenta por qué tu arroz siempre se pega",
        "Niemand erklärt dir, warum dein Brot so flach wird",
        "Personne ne t'explique pourquoi ton pain est plat",
        "Nessuno ti spiega perché il riso si attacca",
        "Ninguém te explica isto sobre o mar",
        "Nobody warns you about the second week",
    ):
        assert line_cues(line).curiosity_gap, line


def test_a_place_announced_and_not_named_is_a_curiosity_gap_in_every_language() -> None:
    for line in (
        "There's a city in Spain where dinner basically comes free with a beer",
        "Es gibt ein Dorf in Bayern, wo niemand abschließt",
        "Hay una ciudad en España donde pides una caña y la cena te sale gratis",
        "Il y a un village en Bretagne où personne ne ferme sa porte",
        "Tem uma praia no Brasil onde a maré some",
        "C'è un paese in Puglia dove il pane costa 1 euro",
    ):
        assert line_cues(line).curiosity_gap, line
    # A place named is no gap, nor a choice between two things.
    for line in (
        "We went to Granada where the tapas are free",
        "Il y a un bus ou un train toutes les heures",
    ):
        assert not line_cues(line).curiosity_gap, line


def test_i_was_opens_a_story_only_where_a_clause_opens() -> None:
    for line in ("I was at the till when it happened", "So I was at the till", "J'étais au marché"):
        assert line_cues(line).story, line
    for line in ("$564 A YEAR I DIDN'T KNOW I WAS SPENDING", "Je savais pas que j'étais malade"):
        assert not line_cues(line).story, line
    # what someone of the teller's own did; not what the teller's tip is
    assert line_cues("So my parrot Kiwi has figured out the microwave").story
    assert line_cues("Okay so my mum just texted me").story
    assert not line_cues("So my top tip is simple").story


def test_a_caption_over_a_song_and_no_voice_is_a_trend_sound() -> None:
    hook = analyse_hook(
        with_meaning(
            static_opening(music_present=True, on_screen_text=(Line(0.0, 6.0, "POV: it's Friday"),))
        )
    )
    assert hook is not None
    assert (hook.hook_type, hook.signals.hook_source) == ("trend_sound", "text")
    # A caption that would be a verbal hook spoken is still a trend sound over a song.
    promise = analyse_hook(
        with_meaning(
            static_opening(
                music_present=True, on_screen_text=(Line(0.5, 3.5, "How to see Matera in 48h"),)
            )
        )
    )
    assert promise is not None
    assert (promise.hook_type, promise.signals.hook_source) == ("trend_sound", "text")
    # Over silence, a caption that names no type is no hook at all; a point of view is a
    # scene the viewer is put in, a story told on screen.
    quiet = analyse_hook(
        with_meaning(static_opening(on_screen_text=(Line(0.0, 6.0, "it's Friday"),)))
    )
    assert quiet is not None
    assert (quiet.hook_type, quiet.signals.hook_source) == ("none", None)
    scene = analyse_hook(
        with_meaning(static_opening(on_screen_text=(Line(0.0, 6.0, "POV: it's Friday"),)))
    )
    assert scene is not None
    assert (scene.hook_type, scene.signals.hook_source) == ("story", "text")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Drop a like if this helped", "en"),
        ("Smash that like button", "en"),
        ("Give it a thumbs up", "en"),
        ("Gib dem Video ein Like", "de"),
        ("Dale un like si te sirvió", "es"),
        ("Un pouce bleu pour la suite", "fr"),
    ],
)
def test_the_ways_to_ask_for_a_like(text: str, language: str) -> None:
    assert cta_type(text, language) == "like"


def test_dropping_a_comment_is_not_a_like() -> None:
    assert cta_type("Drop a comment below", "en") == "comment"


@pytest.mark.parametrize(
    "line",
    ["Deutschlandticket 63 Euro", "Gnocchi in 10 Minuten", "Un café à 2 euros à Marseille"],
)
def test_a_price_or_a_duration_is_no_statistic(line: str) -> None:
    # Even when e5 hears a statistic in it clearly, a line without a share, scale, multiple,
    # ratio or large count states none.
    sure = Ranking((("statistic", 0.45), ("bold_claim", 0.30), ("none", 0.2)))
    assert channel_hook(line, sure).hook_type != "statistic"
    stated = "Über 40 % der Deutschen sparen falsch"
    assert channel_hook(stated, sure).hook_type == "statistic"


@pytest.mark.parametrize(
    "text",
    [
        "There's one reason our croissants take three whole days.",
        "Es gibt einen Grund, warum unser Brot drei Tage braucht.",
        "Hay una razón por la que nuestro pan tarda tres días.",
        "Il y a une raison pour laquelle notre pain prend trois jours.",
        "Há um motivo para o nosso pão levar três dias.",
        "C'è un motivo se il nostro pane richiede tre giorni.",
        "There's a name you can give a sheep that changes it, and hardly anyone knows.",
        "Most people don't realise their phone does this.",
    ],
)
def test_a_reason_announced_and_withheld_is_a_curiosity_gap(text: str) -> None:
    close = Ranking((("tutorial_promise", 0.30), ("story", 0.27), ("none", 0.2)))
    assert channel_hook(text, close).hook_type == "curiosity_gap"


@pytest.mark.parametrize(
    "text",
    [
        "Questa è l'escape room più difficile di Milano.",
        "Esta es la ruta más bonita de España.",
        "C'est le plus beau café de Paris.",
        "Este é o bolo mais fácil do mundo.",
    ],
)
def test_a_superlative_is_a_bold_claim_in_every_language(text: str) -> None:
    assert line_cues(text).bold_claim


def test_more_of_something_is_no_superlative() -> None:
    assert not line_cues("Il y a plus de monde ce matin.").bold_claim
    assert not line_cues("Mais de metade das pessoas dorme mal.").bold_claim


def test_a_cue_phrase_counts_beside_e5_as_evidence() -> None:
    # e5 led by 0.056 for a curiosity gap; "te enseño a" (I'll teach you) names a tutorial.
    ranked = Ranking((("curiosity_gap", 0.222), ("bold_claim", 0.167), ("tutorial_promise", 0.166)))
    line = "Te enseño a darle la vuelta a la tortilla sin que se te desmorone."
    assert channel_hook(line, ranked).hook_type == "tutorial_promise"
    # Without a cue in its words, the same lead decides.
    assert channel_hook("La tortilla de mi abuela no tiene rival.", ranked).hook_type == (
        "curiosity_gap"
    )


@pytest.mark.parametrize(
    ("line", "cue"),
    [
        ("WAS MEIN MITBEWOHNER NACHTS IN DER KÜCHE MACHT...", "curiosity_gap"),
        ("What my roommate does at 3am…", "curiosity_gap"),
        ("Un truc que j'aurais vraiment aimé savoir avant", "curiosity_gap"),
        ("The one setting I wish I'd known about sooner", "curiosity_gap"),
        ("3 PÉNALTYS SUR 4 FINISSENT AU FOND", "statistic"),
        ("8 de cada 10 personas lo hacen mal", "statistic"),
    ],
)
def test_cues_in_every_language(line: str, cue: str) -> None:
    assert getattr(line_cues(line), cue)


def test_a_question_s_words_that_ask_are_no_withheld_answer() -> None:
    assert not line_cues("What do you eat in a day?").curiosity_gap
    assert not line_cues("What I eat in a day").curiosity_gap
    assert not line_cues("I lost 5 kilos in 2 months").statistic


@pytest.mark.parametrize(
    ("text", "promised", "on_screen"),
    [
        (
            "An octopus has three hearts, and the main one stops whenever it swims.",
            False,
            "tutorial_promise",
        ),
        (
            "These three habits fixed my mornings more than any productivity app.",
            False,
            "bold_claim",
        ),
        ("Questa è l'escape room più difficile di Milano.", False, "bold_claim"),
        ("Here are three pickleball shots that'll win you more points.", True, "tutorial_promise"),
        ("Je te montre comment centrer ta terre sur le tour.", True, "tutorial_promise"),
        ("Oggi vi faccio vedere il risotto alla milanese.", True, "tutorial_promise"),
        ("Wir starten im Stehen und kreisen die Schultern.", True, "tutorial_promise"),
    ],
)
def test_a_spoken_tutorial_promise_addresses_the_viewer_or_starts_a_lesson(
    text: str, promised: bool, on_screen: str
) -> None:
    # e5 reads "three" and "the easiest" as a promise's; a line that teaches nobody is none.
    clear = Ranking((("tutorial_promise", 0.42), ("bold_claim", 0.25), ("none", 0.2)))
    assert (channel_hook(text, clear).hook_type == "tutorial_promise") is promised
    # Written, a caption keeps what e5 reads in it ("15 MIN LEMON PASTA"), unless the creator
    # typed a cue of another type ("more than any", "più difficile": a claim).
    assert channel_hook(text, clear, written=True).hook_type == on_screen


def test_a_caption_promising_a_result_in_minutes_is_a_tutorial_promise() -> None:
    # e5 leads `none` by less than its margin on four words; the time in a caption's short
    # form ("15 MIN") is a promise's cue, as "in 10 minutes" is.
    near = Ranking((("tutorial_promise", 0.28), ("none", 0.236), ("statistic", 0.2)))
    assert channel_hook("15 MIN LEMON PASTA", near, written=True).hook_type == "tutorial_promise"
    assert channel_hook("MY LEMON PASTA", near, written=True).hook_type is None

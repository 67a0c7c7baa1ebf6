"""The comic anecdote: someone of the teller's own, and words played back, both."""

from __future__ import annotations

from clipapi.signals.text_telling import is_anecdote, tells

ROOMMATE = [
    "So my roommate has been eating my yogurts for a month, and he keeps denying it.",
    "Yesterday I swapped the strawberry yogurt for sour cream.",
    "He walks in and goes, what does this yogurt taste like a baked potato?",
]


def test_someone_of_ones_own_quoted_is_an_anecdote_in_six_languages() -> None:
    assert is_anecdote(ROOMMATE)  # the recogniser's transcript: no quotation marks
    assert is_anecdote(["Mein Vater fährt.", "Er so: Das Navi kennt sich hier nicht aus."])
    assert is_anecdote(
        ["Y mi madre, súper seria: ¿y dónde quieres que los guarde?", "Pues en un costurero."]
    )
    assert is_anecdote(["Ma voisine sonne.", "Elle me dit : « tu as une perceuse ? »"])
    assert is_anecdote(["Minha mãe manda áudio.", "Começa com 'filha, é a mãe', como sempre."])
    assert is_anecdote(["Mia nonna guarda il telefono.", "Poi ha detto, ma chi è questo?"])
    # words written to the teller, played back: a message
    assert is_anecdote(
        [
            "Me llevé un táper de casa de mi madre.",
            "El martes ya me estaba escribiendo: oye, ¿y el táper?",
        ]
    )
    assert is_anecdote(["My mum texted me.", "She wrote: where is my blue box?"])
    # a child of the teller's, by age too
    assert is_anecdote(
        ["So my 3 year old put her own shoes on today.", "And she goes, Daddy chose them."]
    )
    assert is_anecdote(["Mi hija pequeña me mira.", "Y me dice: ¿y tú por qué no comes?"])
    assert is_anecdote(
        ["So my three-year-old put her shoes on.", "The teacher goes, oh, wellies today."]
    )
    # Which of its units carry it: the someone, or the words played back.
    assert [tells(s) for s in ROOMMATE] == [True, False, True]


def test_one_cue_alone_is_no_anecdote() -> None:
    # A recipe naming a grandmother; a tutorial quoting a rule; apostrophes are no quotes.
    assert not is_anecdote(["This is my grandma's sofrito.", "Fry the onion for ten minutes."])
    assert not is_anecdote(["My kids love this pasta.", "Boil it for eight minutes."])
    assert not is_anecdote(["The rule is 'never rush the sauce'.", "Stir it slowly."])
    assert not is_anecdote(
        ["Mon voisin a un chat.", "C'est souvent la taie d'oreiller, vite fait, qui frotte."]
    )


def test_a_dialogue_played_back_is_an_anecdote_without_a_relative() -> None:
    """The teller's words and the other side's, by a pronoun: a visit to the hairdresser."""
    visit = [
        "Ayer fui a la peluquería a cortarme solo las puntas y he salido con flequillo.",
        "Le digo: solo las puntas, eh, 2 dedos como mucho.",
        "Y ella: sí, sí, tranquila.",
    ]
    assert is_anecdote(visit)
    assert [tells(s) for s in visit] == [False, True, True]
    assert is_anecdote(["I walk in and I go, just a trim please.", "And she goes, sure."])
    # Both sides in one line, as a script or a run-on transcript writes them.
    assert is_anecdote(["Le digo: solo las puntas. Y ella: sí, sí, tranquila."])
    # The other side alone, or the teller alone, is no dialogue.
    assert not is_anecdote(["Whisk the eggs.", "And she said: it is fine."])
    assert not is_anecdote(["I said: this is the easiest bread.", "Knead for ten minutes."])


def test_words_said_to_someone_by_who_they_are_play_a_dialogue_back() -> None:
    """A skit's two sides addressed ("Bro, …", "Sir, …"), or a parent addressed in a story
    about one's own: words played back."""
    skit = [
        "Gym bros physically cannot order at a restaurant like normal people.",
        "Breadsticks for the table? Bro, that's like 25 grams of carbs.",
        "Sir, we don't have a scale.",
    ]
    assert is_anecdote(skit)
    assert [tells(s) for s in skit] == [False, True, True]
    assert is_anecdote(["Le dije a mi madre que ya había comido.", "Mamá, que ya comí."])
    # One person addressed, or a role named mid-sentence, is no dialogue.
    assert not is_anecdote(["Bro, this pre-workout is insane.", "Take one scoop before lifting."])
    assert not is_anecdote(["I asked the waiter, sir, for water.", "My dad cooks pasta."])

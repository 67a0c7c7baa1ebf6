"""cta.v2: the call to action, where it is, whether it is spoken, shown or both, and how
effective its placement and form are."""

from __future__ import annotations

import re
from dataclasses import dataclass

from clipapi.intelligence.explain import Factor, factor, score_from
from clipapi.intelligence.signals import Line, Signals
from clipapi.intelligence.text import normalise, quote
from clipapi.signals.text_labels import Ranking
from clipapi.signals.text_meaning import line_key

METHOD = "cta.v2"
# Phrases per kind and language, checked in this order (a line asking to "follow and
# subscribe" is a follow). English phrases are read in every video (creators mix them into
# other languages: "link in bio"); another language's only when the video speaks it or its
# language is unknown, because their words mean other things elsewhere (Italian "guarda" is
# "look", French "comment" is "how").
KINDS = ("follow", "subscribe", "link_in_bio", "comment", "share", "save", "like", "visit", "buy")
# Where an English ask may stand: opening the line or a clause, or after a word that leads into
# it ("so tell me"), never after a subject ("he'll tell me").
_ASKS = r"(?:^|[.,;:!?-]\s*|\b(?:so|and|now|just|please|then|go|come on|or)\s+)"
PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "follow": r"\bfollow (?:me|us|for|along|the (?:page|account))\b"
        # the account named: "Follow Juniper for more of her firsts"
        r"|" + _ASKS + r"follow (?:[\w'-]+ ){1,3}for (?:more|part|daily|updates)\b"
        # a caption that is the ask, or ends on it after a dash: "PART 2 TOMORROW - FOLLOW"
        r"|\bhit (?:the )?follow\b|^\W*follow\W*$|[-\u2013\u2014|:!]\s*follow\W*$"
        # the ask alone, then why: "Follow, I'm breaking down a surface a day"
        r"|^\W*follow(?:,| because| 'cause| cause| if)"
        # the ask, then what it brings: "Follow and I'll update you" (the recogniser may write
        # its "and" as "when")
        r"|^\W*follow (?:and|when|&) (?:i|we)(?:'ll| will)\b",
        "subscribe": r"\bsubscribe\b",
        "link_in_bio": r"\blink(?:s|ed)? (?:is |are )?in (?:my |the )?bio\b|\blink(?:s|ed)? below\b"
        r"|\bin the description\b|\b(?:in|on) my (?:bio|profile)\b",
        "comment": r"\bin the comments\b|\blet me know\b|\bdrop (?:a|an|your)\b(?! like)"
        r"|\bleave a comment\b|" + _ASKS + r"tell (?:me|us)\b"
        # the comments named as open: "go on, the comments are open"
        r"|\bcomments? (?:section )?(?:is|are) open\b"
        # the answer asked for below: "what did nobody warn you about? Drop it below."
        r"|\bdrop (?:it|them|yours|one)(?: down)? below\b|\b(?:answers?|thoughts?) below\b"
        # the comments sent off to answer: "Best fade out of all time, comments, go"
        r"|\bcomments?, go\b(?! to\b)",
        "share": r"\bshare (?:this|it|with)\b|\bsend (?:this|it) to\b|\btag (?:a|someone|your)\b",
        "save": r"\bsave (?:this|it|for (?:later|your|when|the next|next))\b|\bbookmark\b"
        r"|\b(?:to|in|into) your saves?\b",
        "like": r"\b(?:hit|smash|tap|press) (?:the |that )?like\b|\bgive (?:it|this) a like\b"
        r"|\b(?:leave|drop) (?:a|your) like\b|\blike button\b"
        r"|\b(?:give|leave|drop) (?:it |this |me |us )?a thumbs up\b|\bthumbs up if\b"
        r"|\bdouble tap\b|\blike (?:this|the) (?:video|post|reel)\b|\blike if\b"
        # a part promised for a number of likes: "Part 2 if this gets 5000 likes"
        r"|\b(?:this|it|we) (?:video )?(?:gets?|hits?|reach(?:es)?) [\d.,]+\s?k? likes\b",
        "visit": r"\bvisit (?:our|my|the) (?:website|site|store|shop|page|studio)\b"
        r"|^\W*visit\b(?! to\b)"  # a line that opens with it: "VISIT CRUMB AND CO"
        r"|\bon (?:our|my) (?:website|site|blog)\b|\bdot com\b"
        # A web address, read in every language ("ALLE INFOS AUF KVB.DE").
        r"|\b[a-z0-9-]{2,}\.(?:com|net|org|io|co|app|shop|store|eu|uk|de|at|ch|fr|be|es|it"
        r"|pt|br)\b"
        r"|\bcome (?:visit|see) us\b|\bhead (?:over )?to (?:our|my) (?:website|site|store)\b"
        r"|\bcome (?:and )?(?:say hi|say hello|find us|join us|\w+ with us)\b"
        r"|\bjoin us (?:at|on|this|for|in)\b"
        # dropping in, asked: "so stop by the market on Saturday"
        r"|" + _ASKS + r"(?:stop|swing|drop|come) by\b"
        r"|\bgo to \S+\.(?:com|net|org|io|co)\b"
        r"|\b(?:check|head (?:over )?to|go to|go on)\b[^.!?]{0,60}\b(?:website|web site)\b"
        # where it is, then the ask: "the map is on the council website, go have a look"
        r"|\b(?:website|web site)\b[^.!?]{0,30}\b(?:go |so )?(?:have|take) a look\b"
        # where it is, then "check it": "the full list is on the county's website, so check it"
        r"|\b(?:website|web site)\b[^.!?]{0,30}\b(?:go |so |and )check it\b",
        "buy": r"(?<!n't )(?<!not )(?<!never )(?<!\bi )(?<!i'd )(?<!\bwe )(?<!\bhe )(?<!she )"
        r"(?<!they )(?<!\bto )\bbuy\b|\bshop (?:now|the)\b|\border (?:now|yours)\b"
        r"|\buse (?:my )?code\b"
        r"|\bdiscount\b|\bget yours\b|\bmy code\b|\bpercent off\b|%\s*off\b|\bat checkout\b"
        # a shop of one's own, or a listing on a resale app: "it's up on my Depop now"
        r"|\b(?:in|on|from) (?:my|our) (?:shop|store|depop|etsy|vinted|ebay|poshmark)\b"
        r"|\bfirst come,? first served\b"
        r"|\bgrab (?:one|yours)\b|\bbefore they(?:'re| are) gone\b|\bwhile (?:stock|supplies) last",
    },
    "de": {
        "follow": r"\bfolg(?:t|e)? (?:mir|uns)\b|\bfolgen sie (?:mir|uns)\b"
        r"|\bfolg(?:t|e)? (?:[\w'-]+ ){1,2}für mehr\b",
        "subscribe": r"\babonnier(?:t|e|en)?\b|\blasst (?:gerne )?ein abo\b|\babo da\b",
        "link_in_bio": r"\blink (?:ist )?in (?:meiner |der )?bio\b"
        r"|\bin (?:meiner|meine|die|der) bio\b"
        r"|\bin der (?:video)?beschreibung\b",
        "comment": r"\bin die kommentare\b|\bkommentier(?:t|e)?\b"
        r"|\b(?:sagt|verratet|schreibt) (?:mir|uns)\b",
        "share": r"\bteil(?:e|t) (?:das|dieses|es)\b"
        r"|\bschick(?:e|t)? (?:das|es|dieses video) (?:an|deine[mnr]?|eure[mnr]?|jemandem|jedem"
        r"|allen)\b",
        "save": r"\bspeicher(?:e|t)? (?:dir|euch|es|das) |\bfür später speichern\b"
        r"|^speichern\b",
        "like": r"\bein like da\b|\blasst (?:gerne )?ein like\b|\blike (?:das|dieses) video\b"
        r"|\b(?:bei|ab) [\d.]+\s?k? likes\b|\bwenn (?:das|dieses) (?:video )?[\d.]+\s?k? likes\b"
        r"|\bgib (?:dem video |mir )?(?:ein(?:en)? )?(?:like|daumen)\b|\bdaumen hoch\b",
        "visit": r"\bbesuch(?:t|e|en sie)? (?:uns|unsere[nm]?|meine[nm]?|den|die)\b"
        # "schaut da mal vorbei", "kommt gerne vorbei", "schaut einmal vorbei"
        r"|\b(?:schaut|schau|kommt|komm)"
        r"(?: (?:da|doch|gerne|gern|mal|einmal|unbedingt|bei uns|bei mir))* vorbei\b"
        r"|\b(?:schaut|schau|geht|geh) (?:mal )?auf (?:die|unsere|meine|der|unserer|meiner) "
        r"(?:website|webseite|seite)\b|\bauf (?:meinem|unserem|dem) blog\b"
        r"|\b(?:steht|stehen|findet ihr|findest du|gibt'?s) (?:\w+ ){0,3}(?:auf|unter) "
        r"(?:der|die|unserer|meiner) (?:website|webseite|homepage)\b",
        "buy": r"\bjetzt kaufen\b|\bbestell(?:e|t)? (?:jetzt|dir|euch)\b|\brabattcode\b"
        r"|\b(?:kauf|kauft|hol|holt) (?:dir|euch) (?:dein|deine|euer|eure|das|den|die)\b"
        r"|\bin (?:meinem|unserem) (?:shop|laden)\b"
        r"|\bmit (?:dem|meinem|unserem) code\b|\b\d+ ?(?:%|prozent) rabatt\b",
    },
    "es": {
        # A pronoun the recogniser wrote apart from its verb is the same call ("sigue me").
        # ... or its "u" dropped ("Sígeme, que la semana que viene …")
        "follow": r"\bs[ií]gu?e ?(?:me|nos)\b|\bs[ií]gan ?me\b|\bseguid ?(?:me|nos)\b"
        r"|\bs[ií]gan? (?:a|al) (?:[\w'-]+ ){1,2}para (?:m[aá]s|ver)\b",
        "subscribe": r"\bsuscr[ií]b(?:e|e ?te|anse|irte|irse|ete al canal)\b",
        "link_in_bio": r"\b(?:enlace|link) (?:está )?(?:en|de) (?:mi |la )?bio(?:graf[ií]a)?\b"
        r"|\ben mi (?:bio|perfil)\b"
        r"|\ben la descripci[oó]n\b",
        "comment": r"\ben (?:los )?comentarios\b|\bcomenta(?:d|dme|lo)?\b"
        r"|\b(?:dime|d[ií]game|decidme|cu[eé]ntame|contadme)\b",
        "share": r"\bcomp[aá]rt(?:e|elo|anlo)\b|\bm[aá]ndase ?lo\b"
        # sent to someone: "mándale este vídeo a tu hermano"
        r"|\b(?:manda|m[aá]ndale|env[ií]a|env[ií]ale|p[aá]sale)(?: este| esto| el)?(?: v[ií]deo)?"
        r" (?:a|al) (?:alguien|tu|tus|un|una|ese|esa|quien)\b",
        # with its pronouns: "guárdalo", "guárdatela para cuando apriete el calor"
        "save": r"\bgu[aá]rda(?:te)?(?:lo|la|los|las)?(?: este| esto| el)?\b",
        "like": r"\bdale (?:a |un )?like\b|\bdeja (?:tu|un) like\b|\bdale (?:a )?me gusta\b"
        r"|\bsi (?:esto|este v[ií]deo) llega a [\d.]+\s?k? likes\b|\bcon [\d.]+\s?k? likes\b"
        r"|\bregálame un like\b",
        "visit": r"\bvis[ií]ta(?:nos|d)?(?: nuestr[ao]| mi| la| el)?\b"
        r"|\bvisit(?:en|e) (?:el|la|los|las|nuestr[ao]s?|mi|mis)\b"
        r"|\b(?:entra|entrad|ve|id) (?:a|en) (?:la|su|mi|nuestra) (?:web|p[aá]gina)\b"
        r"|\ben (?:mi|nuestra) (?:web|p[aá]gina web|blog)\b"
        r"|\bp[aá]sa(?:te|os|d|rte) por\b",
        "buy": r"\bc[oó]mpralo\b|\bcompra (?:ya|ahora)\b|\bc[oó]digo de descuento\b"
        r"|\b(?:compra|consigue|pilla) (?:el tuyo|la tuya|los tuyos|las tuyas|tu)\b"
        r"|\ben (?:mi|nuestra) tienda\b|\bp[ií]lla(?:lo|la|los|las|te|os)\b"
        # where it is sold, told: "el nuestro lo tenéis en la tienda"
        r"|\b(?:lo|la|los|las) (?:ten[eé]is|tienes|tienen|encontr[aá]is|encuentras) en "
        r"(?:la|nuestra|mi) tienda\b"
        r"|\bcon (?:el|mi) c[oó]digo\b|\b\d+ ?(?:%|por ?ciento) de descuento\b",
    },
    "fr": {
        # "S'abonner" is the follow button of the short-form apps in French; only a channel
        # ("la chaîne") or its bell makes it a subscription.
        "follow": r"\bsui(?:s|vez)[- ]moi\b|\bsuivez[- ]nous\b"
        r"|\bsui(?:s|vez) (?:[\w'-]+ ){1,2}pour (?:plus|la suite|voir)\b"
        r"|\b(?:abonne[sz]?[- ](?:toi|vous)|t'abonner|vous abonner)\b"
        r"(?! à (?:la|ma|notre) cha[iî]ne)",
        "subscribe": r"\b(?:abonne[sz]?[- ](?:toi|vous)|t'abonner|vous abonner) à (?:la|ma|notre) "
        r"cha[iî]ne\b|\bla cloche\b",
        "link_in_bio": r"\blien (?:est )?(?:dans|en) (?:ma |la )?bio\b|\bdans la description\b"
        r"|\bdans ma bio\b|\bsur mon profil\b",
        "comment": r"\ben commentaires?\b|\bcommente[zr]?\b|\b(?:dites|dis)[- ]moi\b",
        "share": r"\bpartage[zr]?(?:[- ]la|[- ]le| cette| ça| ce)\b"
        r"|\benvoie[zr]?(?:[- ]la|[- ]le| ça| cette vid[ée]o)\b",
        "save": r"\benregistre[zr]?(?:[- ]la|[- ]le| cette| ce)\b"
        # the ask opening the line, then for when: "ENREGISTRE POUR TON PROCHAIN DIMANCHE"
        r"|(?:^|[.,;:!?]\s*)enregistre[zr]? pour\b",
        "like": r"\b(?:laisse[zr]?|l[aâ]che[zr]?|met(?:s|tez)) (?:un|ton|votre) (?:petit |gros )?"
        r"(?:like|j'aime|pouce)\b"
        r"|\bsi (?:ça|cette vid[ée]o) (?:fait|atteint|d[ée]passe) [\d .]+k? likes\b"
        r"|\bà [\d .]+k? likes\b"
        r"|\blike la vid[ée]o\b|\blike(?:z)? si\b|\bpouce bleu\b",
        "visit": r"\bvisite[zr]? (?:notre|nos|mon|ma|le|la|nous)\b|\brendez-vous sur\b"
        r"|\b(?:passe[zr]?|venez|viens) (?:nous|me) voir\b"
        r"|\b(?:va|allez) sur (?:le|leur|notre|mon) (?:site|blog)\b"
        r"|\bsur (?:mon|notre) (?:site|blog)\b|\bsur le blog\b"
        # sent to a named site or app, opening the sentence: "Allez sur Lichess, c'est gratuit"
        r"|(?:^|[,.;:!?]\s*)(?:allez|va) sur (?!le |la |les )\w",
        "buy": r"\bach[eè]te[zr]?(?:[- ]le| maintenant| ton| ta| tes| votre| vos)\b"
        r"|\bcode promo\b|\bavec (?:le|mon) code\b"
        r"|\b\d+ ?(?:%|pour ?cent) de (?:r[ée]duction|remise)\b"
        r"|\b(?:sur|dans) (?:ma|notre) boutique\b"
        r"|\bl'acheter\b|^acheter\b|\ben promo\b"
        r"|\bcommande[zr]? (?:maintenant|dès)\b|\ben rupture\b|\bavant la rupture\b",
    },
    "pt": {
        "follow": r"\bme sig(?:a|am)\b|\bme segue\b|\bsiga[- ]me\b|\bsigam[- ]me\b"
        r"|\bsegu?e (?:o perfil|a página|a gente)\b|\bsiga (?:o perfil|a página|a gente)\b"
        r"|^\W*(?:segue|siga|sigam) (?:aqui|a[ií]|pra|para)\b"
        r"|\b(?:segue|siga|sigam) (?:o|a) (?:[\w'-]+ ){1,2}(?:pra|para) (?:mais|ver)\b",
        "subscribe": r"\binscreva[- ]se\b|\bse inscrev(?:a|e|er)\b|\binscrevam[- ]se\b",
        "link_in_bio": r"\blink (?:está )?na (?:minha )?bio\b|\b(?:link )?na descri[çc][ãa]o\b"
        r"|\bna minha bio\b|\bno meu perfil\b",
        "comment": r"\bnos coment[aá]rios\b|\bcomenta(?:m)? (?:a[ií]|aqui|embaixo)\b|\bcomente\b"
        # the ask opening the sentence: "Comenta 'eu' se você também odeia esse exercício"
        r"|(?:^|[,.;:!?]\s*)comenta(?:m)?\b(?!-se)"
        r"|\b(?:me|nos) (?:conta|contem|diz|digam)\b",
        "share": r"\bcompartilh(?:a|e|em)\b"
        # sent to someone: "manda esse vídeo pra alguém que …"
        r"|\b(?:manda|mande|envia|envie)(?: esse| este| isso| isto| o)?(?: v[ií]deo)?"
        r" (?:pra|para|pro|ao|à) (?:algu[eé]m|um|uma|aquele|aquela|seu|sua|teu|tua|quem)\b",
        "save": r"\bsalv(?:a|e) (?:esse|este|o) (?:v[ií]deo|post)\b"
        r"|\bsalv(?:a|e) (?:pra|para) (?:depois|mais tarde|quando)\b",
        "like": r"\bdeix(?:a|e) (?:o |um |aquele |seu |o seu )?like\b|\bd[aá] (?:um )?like\b"
        r"|\bse (?:esse|este) v[ií]deo (?:bater|chegar a|passar de) [\d.]+\s?k? likes\b"
        r"|\bcurte o v[ií]deo\b",
        "visit": r"\bvisit(?:e|a) (?:nosso|nossa|o site|a loja|meu|minha)\b"
        r"|\b(?:vai|v[aá]|vão|entra|entre|acessa|acesse) (?:ao|no|o|para o|pro) site\b"
        r"|\bno (?:meu|nosso) (?:site|blog)\b"
        # dropping in, asked: "se vier pro Rio, passa lá"
        r"|(?:^|[,.;:!?]\s*|\b(?:e|então|a[ií]) )(?:passa|passe|passem) (?:l[aá]|aqui|na nossa"
        r"|no nosso)\b|\bd[aá] uma passada\b"
        r"|(?:^|[,.;:!?]\s*|\b(?:e|então|a[ií]) )apare(?:ce|ça|çam) (?:l[aá]|aqui|por l[aá])\b",
        "buy": r"\bcompr(?:e|a) (?:j[aá]|agora)\b|\bcupom\b"
        r"|\bcompr(?:e|a|em) (?:o |a )?(?:seu|sua|teu|tua|o seu|a sua)\b"
        r"|\bcom (?:o|meu|o meu) c[oó]digo\b"
        r"|\b\d+ ?(?:%|por ?cento) de desconto\b"
        r"|\bna (?:minha|nossa) loja\b",
    },
    "it": {
        "follow": r"\bsegui ?mi\b|\bseguite ?ci\b|\bseguite ?mi\b"
        r"|\bsegui(?:te)? (?:[\w'-]+ ){1,2}per (?:altr[io]|vedere|non perder)",
        "subscribe": r"\biscrivi ?ti\b|\biscrivete ?vi\b",
        "link_in_bio": r"\blink (?:è )?(?:nella|in) (?:mia )?bio\b|\bnella descrizione\b"
        r"|\bnella mia bio\b|\bnel mio profilo\b",
        "comment": r"\bnei commenti\b|\bcommenta(?:te)?\b|\b(?:dimmi|ditemi|fatemi sapere)\b",
        "share": r"\bcondividi(?:lo|te)?\b"
        # sent to someone: "mandalo a quell'amico che …"
        r"|\b(?:manda|mandalo|mandate|mandatelo|invia|invialo)(?: questo)?(?: video)?"
        r" (?:a|al|alla|ai) (?:qualcuno|un|una|chi|quel|quell'|quella|tuo|tua)",
        "save": r"\bsalva(?:te)? (?:questo|il) (?:video|post)\b",
        "like": r"\blascia(?:mi|temi|te|ci|teci)? un (?:like|mi piace)\b"
        r"|\bmett(?:i|ete) (?:un )?(?:like|mi piace)\b"
        r"|\bse (?:questo video )?(?:arriva|arriviamo) a [\d.]+\s?k? (?:like|mi piace)\b",
        "visit": r"\bvisita(?:te)? (?:il nostro|la nostra|il mio|il sito)\b|\bvieni a trovarci\b"
        r"|\b(?:andate|passate|venite|passa|vieni) a trovar\w*|\bpassate da\b"
        r"|\b(?:vai|andate) sul (?:sito|loro sito)\b"
        r"|\bsul (?:mio|nostro) (?:sito|blog)\b"
        # sent to a named site or app, opening the sentence: "Andate su Lichess, è gratis"
        r"|(?:^|[,.;:!?]\s*)(?:andate|vai|entrate|entra) su \w",
        "buy": r"\bcompra(?:lo)? (?:ora|subito)\b|\b(?:compra|prendi) (?:il tuo|la tua)\b"
        r"|\bcodice sconto\b|\bcon il (?:mio )?codice\b"
        r"|\b\d+ ?(?:%|per ?cento) di sconto\b"
        r"|\b(?:nel|sul) (?:mio|nostro) (?:negozio|shop)\b",
    },
}
PATTERNS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    language: tuple(
        (kind, re.compile(by_kind[kind], re.IGNORECASE)) for kind in KINDS if kind in by_kind
    )
    for language, by_kind in PHRASES.items()
}
# A spoken line that asks only for a look ("Go have a look before tomorrow", "Check it out",
# "So check it before you light anything"): a call where the line before it says where (a
# website, a shop), read with that line.
LOOK = re.compile(
    r"^\W*(?:so |and |now )?(?:go (?:and )?)?(?:have|take) a look\b"
    r"|^\W*(?:so |and |now )?(?:go )?check it\b"
)
# A bare "comment" is an English call only in an English video (French "comment" is "how").
ENGLISH_COMMENT = re.compile(r"\bcomment\b", re.IGNORECASE)
# The e5 kind overrides a phrase rule's kind only when it leads the next kind by this much:
# on 34 scripted clips e5 took a rule's right "follow" for "subscribe" (and back) with leads
# of up to 0.22, while the rules' kinds were right.
KIND_MARGIN = 0.25
# A line no phrase rule matched is a call to action only when e5 ranks a kind first, at least
# this similar, and this far ahead of the ordinary-content prototypes (`none`). On hand-written
# lines in six languages, calls scored 0.34-0.67 and led `none` by 0.22-0.55; ordinary lines
# that resembled one led by at most 0.15, but a headline caption ("Don't open an LLC (yet)")
# reached 0.37 and 0.23 (docs/methods.md, "The meaning layer").
E5_MIN_SCORE = 0.40
E5_NONE_LEAD = 0.25
# ... and only from this share of the video on, where calls come: a short line early on that
# merely resembles one is not ("NO LE PERSIGAS" at 6 s of 35 ranked subscribe, "Click." in
# the middle of a skit link_in_bio). Of the e5-only calls on the scripted creator clips'
# own words, the seven right ones were all end cards, the four wrong ones all stood in the
# first half (`eval/script_ctas.py --e5-only`, the lines' places estimated).
E5_ONLY_FROM = 0.5
# A CTA with a reason ("follow for part 2") converts better than a bare request.
REASON = re.compile(r"\b(?:for (?:more|part|the next|daily|weekly)|so you|to get|to see)\b")
BASE_PRESENT = 45.0
ABSENT_SCORE = 10.0
END_FRACTION = 0.75  # a CTA after 75 % of the video comes once the value was delivered
EARLY_FRACTION = 0.25
END_EFFECT = 15.0
EARLY_EFFECT = -5.0
BOTH_EFFECT = 15.0
ONE_CHANNEL_EFFECT = 5.0
REASON_EFFECT = 8.0
DILUTED_TYPES = 3  # this many different asks compete with each other
DILUTED_EFFECT = -10.0


@dataclass(frozen=True)
class Mention:
    type: str
    line: Line
    spoken: bool
    decided_by: str = "rules"  # "rules", "e5" or "e5_only"


@dataclass(frozen=True)
class Cta:
    present: bool
    type: str | None
    text: str | None
    timestamp: float | None
    spoken: bool | None
    shown: bool | None
    score: int
    factors: tuple[Factor, ...]
    mentions: tuple[Mention, ...]


def find_mentions(s: Signals) -> tuple[Mention, ...]:
    """Calls in the spoken sentences and in the on-screen captions (lines shown together
    joined, as the understanding step ranked them)."""
    found = []
    for lines, spoken in ((s.sentences or (), True), (s.captions, False)):
        before = ""
        for line in lines:
            ranking = (s.cta_rankings or {}).get(line_key(line.text))
            late = comes_late(line.start, s.duration_s)
            decided = decide_kind(cta_type(line.text, s.language), ranking, late=late)
            if decided is None and not spoken:
                kind = _call_on_a_line(s, line)
                decided = None if kind is None else (kind, "rules")
            if decided is None and spoken and LOOK.match(normalise(line.text)):
                # "It's on the council website. Go have a look": the ask, split from where.
                kind = cta_type(f"{before.rstrip(' .!?')}, {line.text}", s.language)
                decided = None if kind is None else (kind, "rules")
            before = line.text
            if decided is not None:
                found.append(Mention(decided[0], line, spoken, decided[1]))
    return tuple(sorted(found, key=lambda m: (m.line.start, not m.spoken)))


def _call_on_a_line(s: Signals, caption: Line) -> str | None:
    """The kind of a call held by one on-screen line shown with `caption`: a caption wrapped
    over lines may hold the ask on a line of its own, which the joined text runs into the line
    before it ("PART 2 TOMORROW" / "FOLLOW")."""
    for shown in s.on_screen_text or ():
        if shown.start < caption.end and shown.end > caption.start:
            kind = cta_type(shown.text, s.language)
            if kind is not None:
                return kind
    return None


# The text reader can miss the space after a call's verb in a caption ("SUBSCRIBEFOR PART 2"),
# or before "bio" ("EN MIBIO"; not after "la": Spanish "labio" is a lip); after "for" too,
# which no English word opens with a call's verb ("FOLLOWFOREVERY SUNDAY RESET").
_GLUED = re.compile(
    r"\b(subscribe|follow|save|share|comment|like|tag|send)(for|if|and|this|it|me|us|the|to|now|more)\b"
    r"|\b(subscribe|follow|save|share)(for)(?=[^\W\d_])"
    r"|\b(my|the|in|mi|ma|na|minha|mia|meiner|der|nella)(bio)\b"
)


def _unglue(match: re.Match[str]) -> str:
    spaced = " ".join(g for g in match.groups() if g)
    rest = match.string[match.end() :]
    return f"{spaced} " if rest[:1].isalpha() else spaced


def cta_type(text: str, language: str | None = None) -> str | None:
    """The kind the phrase rules find in a line: English and the video's language (every
    language when it is unknown)."""
    clean = _GLUED.sub(_unglue, normalise(text))
    languages = ["en", *([language] if language in PATTERNS else [] if language else PATTERNS)]
    for kind in KINDS:
        for code in dict.fromkeys(languages):
            if any(name == kind and p.search(clean) for name, p in PATTERNS[code]):
                return kind
        if kind == "comment" and language in (None, "en") and ENGLISH_COMMENT.search(clean):
            return kind
    return None


def comes_late(start: float | None, duration_s: float | None) -> bool:
    """Whether a line starting at `start` comes where calls come (`E5_ONLY_FROM`; unknown:
    yes)."""
    return start is None or not duration_s or start >= E5_ONLY_FROM * duration_s


def decide_kind(
    rule: str | None, ranking: Ranking | None, *, late: bool = True
) -> tuple[str, str] | None:
    """A line's CTA kind and what decided it, from the phrase rule's kind and the e5 scores;
    None when the line is no call to action. A line no rule reads is a call by e5 alone only
    when it comes `late` in the video (`E5_ONLY_FROM`)."""
    if ranking is None:
        return None if rule is None else (rule, "rules")
    kinds = ranking.without("none")
    if not kinds.scores:
        return None if rule is None else (rule, "rules")
    if rule is not None:
        return (kinds.label, "e5") if kinds.margin >= KIND_MARGIN else (rule, "rules")
    none = ranking.of("none")
    lead = kinds.score - (none if none is not None else 0.0)
    if late and ranking.label != "none" and kinds.score >= E5_MIN_SCORE and lead >= E5_NONE_LEAD:
        return kinds.label, "e5_only"
    return None


def analyse_cta(s: Signals) -> Cta | None:
    """None when neither speech nor on-screen text was measured."""
    if s.sentences is None and s.on_screen_text is None:
        return None
    mentions = find_mentions(s)
    if not mentions:
        absent = (factor("no_call_to_action", ABSENT_SCORE - BASE_PRESENT, False),)
        return Cta(
            False, None, None, None, None, None, score_from(BASE_PRESENT, absent), absent, ()
        )
    main = mentions[-1]  # the closing ask is the one a viewer acts on
    same = [m for m in mentions if m.type == main.type]
    spoken = any(m.spoken for m in same) if s.sentences is not None else None
    shown = any(not m.spoken for m in same) if s.on_screen_text is not None else None
    factors = _factors(s, main, mentions, bool(spoken), bool(shown))
    return Cta(
        present=True,
        type=main.type,
        text=quote(main.line.text, 200),
        timestamp=round(main.line.start, 2),
        spoken=spoken,
        shown=shown,
        score=score_from(BASE_PRESENT, factors),
        factors=tuple(factors),
        mentions=mentions,
    )


def _factors(
    s: Signals, main: Mention, mentions: tuple[Mention, ...], spoken: bool, shown: bool
) -> list[Factor]:
    t = main.line.start
    factors = []
    if s.duration_s:
        position = t / s.duration_s
        if position >= END_FRACTION:
            factors.append(factor("cta_at_end", END_EFFECT, round(position, 2), t))
        elif position < EARLY_FRACTION:
            factors.append(factor("cta_early", EARLY_EFFECT, round(position, 2), t))
    if spoken and shown:
        factors.append(factor("cta_spoken_and_shown", BOTH_EFFECT, True, t))
    else:
        channel = "spoken" if spoken else "shown"
        factors.append(factor(f"cta_{channel}_only", ONE_CHANNEL_EFFECT, True, t))
    if REASON.search(normalise(main.line.text)):
        factors.append(factor("cta_gives_reason", REASON_EFFECT, True, t))
    kinds = {m.type for m in mentions}
    if len(kinds) >= DILUTED_TYPES:
        factors.append(factor("competing_ctas", DILUTED_EFFECT, len(kinds)))
    return factors

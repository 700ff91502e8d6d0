"""Demo content of the members' exchange, loaded by ``manage.py load_demo_content`` after the
demo accounts exist: sample threads across topics (product group, tender stage, state, law)
with replies, by the demo accounts ``mitglied`` and ``arbeitskreis``. Every thread is marked
as a sample (``is_sample``, "Beispiel:" in the title, the sample badge on the page); the texts
are questions and general remarks, no invented facts about real buyers or tenders.

Idempotent: a thread whose title exists is left alone. Without the demo accounts
(``--no-accounts``) nothing is created.
"""

from django.contrib.auth import get_user_model

from beschaffungsallianz.exchange import services
from beschaffungsallianz.exchange.models import Thread
from beschaffungsallianz.knowledge.models import ProductGroup, StateLaw

ASKER, ANSWERER = "mitglied", "arbeitskreis"

# title, topics (product group slug, tender stage, state, law state), question, replies
# (alternating: the other account, then the asker), index of the helpful reply or None
THREADS = [
    (
        "Beispiel: Nachweise für faire Dienstkleidung",
        ("textilien", "award", "TH", ""),
        "Wir schreiben Dienstkleidung für den Bauhof aus. Welche Nachweise für "
        "Sozialstandards haben Sie in der Zuschlagsphase akzeptiert, und wie haben Sie "
        "gleichwertige Nachweise geprüft?",
        [
            "Wir haben Gütezeichen genannt und ausdrücklich gleichwertige Nachweise "
            "zugelassen. Die Prüfung der Gleichwertigkeit haben wir vorher mit der "
            "Rechtsabteilung abgestimmt.",
            "Danke, das hilft. Haben Sie die Kriterien im Leistungsverzeichnis oder als "
            "Zuschlagskriterium formuliert?",
        ],
        0,
    ),
    (
        "Beispiel: Recyclingpapier im Rahmenvertrag",
        ("papier", "specification", "TH", ""),
        "Wie haben Sie Recyclingpapier in der Leistungsbeschreibung eines Rahmenvertrags "
        "festgelegt, ohne den Markt zu sehr einzuschränken?",
        [
            "Wir haben die Anforderungen eines Umweltzeichens als technische Spezifikation "
            "beschrieben und das Zeichen nur als einen möglichen Nachweis genannt.",
        ],
        None,
    ),
    (
        "Beispiel: Markterkundung bei IT-Hardware",
        ("it-hardware", "specification", "", ""),
        "Hat jemand Erfahrung mit einer Markterkundung zu Sozialkriterien bei Notebooks? "
        "Wie viele Anbieter haben geantwortet?",
        [
            "Bei uns haben nur wenige Anbieter geantwortet. Hilfreich war, die Fragen kurz "
            "zu halten und eine Frist von drei Wochen zu geben.",
            "Gut zu wissen – wir planen eine ähnliche Abfrage.",
        ],
        0,
    ),
    (
        "Beispiel: Ausführungsbedingungen für Natursteine",
        ("naturstein", "performance", "", ""),
        "Wir möchten bei Pflastersteinen eine Ausführungsbedingung zu Kinderarbeit "
        "aufnehmen. Wie kontrollieren Sie deren Einhaltung während der Vertragslaufzeit?",
        [
            "Wir lassen uns die Lieferkette schriftlich erklären und behalten uns "
            "Kontrollen vor. Einen praktischen Fall hatten wir noch nicht.",
        ],
        None,
    ),
    (
        "Beispiel: Fragen zum Vergabegesetz des Landes",
        ("", "", "TH", "TH"),
        "Welche sozialen Kriterien schreibt das Landesvergabegesetz verpflichtend vor, "
        "und wo haben Sie Spielraum genutzt? Ich suche Austausch mit anderen Kommunen.",
        [
            "Ein Anfang ist die Übersicht der Landesgesetze auf dieser Seite; für die "
            "Auslegung fragen Sie am besten bei der Koordination nach.",
        ],
        None,
    ),
    (
        "Beispiel: Fairer Kaffee für Sitzungen",
        ("kaffee-tee-kakao", "award", "", ""),
        "Wir möchten für Sitzungen und Veranstaltungen fair gehandelten Kaffee beschaffen. "
        "Lohnt sich dafür eine eigene Ausschreibung, oder kaufen Sie über einen "
        "bestehenden Vertrag?",
        [
            "Wir haben das in einen bestehenden Vertrag für Bürobedarf aufgenommen.",
            "Das klingt einfacher als eine eigene Ausschreibung, danke.",
        ],
        0,
    ),
]


def _topics(product_group: str, stage: str, state: str, law_state: str) -> dict:
    return {
        "product_group": ProductGroup.objects.filter(slug=product_group).first()
        if product_group
        else None,
        "tender_stage": stage,
        "state": state,
        "law": StateLaw.objects.filter(state=law_state).first() if law_state else None,
    }


def load_demo(stdout) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[ASKER, ANSWERER])}
    if len(users) < 2:
        stdout.write("  exchange: demo accounts missing, no sample threads")
        return
    asker, answerer = users[ASKER], users[ANSWERER]
    created = 0
    for title, topics, question, replies, helpful in THREADS:
        if Thread.objects.filter(title=title).exists():
            continue
        thread = services.create_thread(
            asker, title=title, body=question, topics=_topics(*topics), consent=True
        )
        thread.is_sample = True
        thread.save(update_fields=["is_sample"])
        posts = []
        for number, text in enumerate(replies):
            author = answerer if number % 2 == 0 else asker
            posts.append(services.reply(thread, author, body=text, notify=False))
        if helpful is not None:
            services.mark_helpful(thread, asker, posts[helpful])
        created += 1
    stdout.write(f"  exchange: {created} sample threads created")

"""The questionnaire's history shows what each save changed, answer by answer, as a reader
reads it: not the whole JSON object of the answers before and after."""

from pilote.core.history_view import history_entries
from pilote.enquete import services, services_answers


def test_each_changed_answer_is_one_line_of_the_history(admin, bfc):
    campaign = services.create_campaign(acting_user=admin, name="Enquête 2025", years=[2025])
    items = campaign.methodology.definition["questions"][7]["items"]
    args = {"acting_user": bfc.officer, "campaign": campaign, "region": bfc.region}
    services_answers.answer_questionnaire(answers={"q1": "Oui dès 2013", "q6": "4"}, **args)
    questionnaire = services_answers.answer_questionnaire(
        answers={"q1": "Oui dès 2013", "q6": "2", "q8": {items[0]: 1, items[3]: 2}}, **args
    )
    latest, created = history_entries(questionnaire)
    assert created.kind == "Création" and created.changes == []
    lines = [(c.label, c.before, c.after) for c in latest.changes]
    assert lines == [
        ("Réponses — q6", "4", "2"),
        ("Réponses — q8", "—", f"{items[0]} : 1 ; {items[3]} : 2"),
    ]
    assert not any("{" in str(part) for line in lines for part in line)

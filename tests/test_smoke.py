from likvard.casework.models import LegalProvision


def test_migrations_seed_the_legal_provisions(db):
    assert LegalProvision.objects.filter(key="pre_assessment_decision").count() == 2

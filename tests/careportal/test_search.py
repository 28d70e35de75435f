"""The one search (careportal.search, api.md `GET /api/v1/search/`): matching, ranking, scope, audit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.choices import AgreementStatus as S
from careportal import search
from careportal.audit.models import AuditEntry, ViewedRecord
from tests.agreements.factories import AgreementFactory, ChildFactory, agreement_in
from tests.factories import ApprovedPartnerFactory
from tests.referrals.factories import ReferralFactory, ReferredReferralFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/search/"


def results(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def labels(client, q):
    return [r["label"] for r in results(client, q)]


@pytest.mark.parametrize("q", ["tawhiri", "TAWHIRI", "Tāwhiri", "tĀwhiri", "ngata"])
def test_a_name_matches_without_macrons_or_case(api_as, worker, q):
    child = ChildFactory(name="Tāwhiri Ngata", case_reference="CYRAS-777")
    ChildFactory(name="Mere Tipene")
    found = results(api_as(worker), q)
    assert [(r["kind"], r["id"]) for r in found] == [("child", str(child.pk))]
    assert found[0] == {
        "kind": "child",
        "id": str(child.pk),
        "label": "Tāwhiri Ngata (CYRAS-777)",
        "url": f"/agreements/tamariki/{child.pk}/",
    }


def test_a_macron_in_the_query_finds_a_name_typed_without_one(api_as, worker):
    ChildFactory(name="Tawhiri Ngata", case_reference="CYRAS-778")
    assert labels(api_as(worker), "tāwhiri") == ["Tawhiri Ngata (CYRAS-778)"]


def test_references_match_by_prefix_only(api_as, worker):
    child = ChildFactory(name="Aroha", case_reference="CYRAS-123456")
    agreement = AgreementFactory(child=child, reference="CA-2031-00042")
    referral = ReferralFactory(reference="PR-2031-00042")
    client = api_as(worker)
    assert {r["id"] for r in results(client, "ca-2031-0004")} == {str(agreement.pk)}
    assert {r["id"] for r in results(client, "pr-2031")} == {str(referral.pk)}
    # The child's case reference finds te tamaiti and the agreements about them.
    assert {(r["kind"], r["id"]) for r in results(client, "cyras-1234")} == {
        ("child", str(child.pk)),
        ("agreement", str(agreement.pk)),
    }
    assert results(client, "2031-00042") == []  # inside a reference is not a prefix


def test_an_agreement_is_found_by_its_tamaiti_s_name(api_as, worker):
    agreement = AgreementFactory(child=ChildFactory(name="Tāwhiri Ngata"))
    kinds = {(r["kind"], r["id"]) for r in results(api_as(worker), "tawhiri")}
    assert ("agreement", str(agreement.pk)) in kinds


def test_an_organisation_is_found_by_name(api_as, worker, partner_org):
    found = results(api_as(worker), "kainga")
    assert [(r["kind"], r["label"]) for r in found] == [("organisation", "Kāinga Care Trust")]
    assert found[0]["url"] == f"/partners/organisations/{partner_org.pk}/"


def test_at_most_twenty_results(api_as, worker):
    for n in range(25):
        ChildFactory(name=f"Hemi Test{n:02d}")
    assert len(results(api_as(worker), "hemi")) == search.LIMIT == 20


def test_best_matches_first_whole_then_start_then_within(api_as, worker):
    ChildFactory(name="Mihana")  # within
    ChildFactory(name="Te Ana Rewi")  # a later word starts with it
    ChildFactory(name="Anaru")  # the name starts with it
    ChildFactory(name="Ana")  # the whole name
    found = labels(api_as(worker), "ana")
    names = [label.split(" (")[0] for label in found]
    assert names == ["Ana", "Anaru", "Te Ana Rewi", "Mihana"]


def test_ranking_holds_across_kinds(api_as, worker):
    # A referral whose whole reference is typed comes before a tamaiti whose name merely contains it.
    child = ChildFactory(name="Xpr-2040-00001y")
    referral = ReferralFactory(reference="PR-2040-00001")
    found = results(api_as(worker), "pr-2040-00001")
    assert [(r["kind"], r["id"]) for r in found] == [("referral", str(referral.pk)), ("child", str(child.pk))]


@pytest.mark.parametrize("q", ["", "a", " a ", None])
def test_a_query_under_two_characters_is_refused_on_q(api_as, worker, q):
    response = api_as(worker).get(URL, {} if q is None else {"q": q})
    assert response.status_code == 400
    assert "q" in response.json()


def test_a_query_over_the_limit_is_refused_on_q(api_as, worker):
    response = api_as(worker).get(URL, {"q": "x" * (search.MAX_QUERY + 1)})
    assert response.status_code == 400 and "q" in response.json()


def test_wildcards_in_the_query_are_literal(api_as, worker):
    ChildFactory(name="Mere Tipene")
    assert results(api_as(worker), "m%e") == []
    assert results(api_as(worker), "m_re") == []


def test_signing_in_is_required(api):
    assert api.get(URL, {"q": "tawhiri"}).status_code in (401, 403)


def test_a_care_partner_finds_only_what_it_may_see(api_as, partner_admin, partner_org, other_partner_org):
    """R-PRIV-1 and R-PRIV-4: its own caregiving from awaiting signatures on, its own organisation."""
    mine = agreement_in(S.ACTIVE, caregiver_organisation=partner_org, child=ChildFactory(name="Tāwhiri Mine"))
    agreement_in(
        S.ACTIVE, caregiver_organisation=other_partner_org, child=ChildFactory(name="Tāwhiri Theirs")
    )
    agreement_in(S.DRAFT, caregiver_organisation=partner_org, child=ChildFactory(name="Tāwhiri Draft"))
    ChildFactory(name="Tāwhiri Nobody")
    ApprovedPartnerFactory(legal_name="Tāwhiri Trust")
    found = {(r["kind"], r["id"]) for r in results(api_as(partner_admin), "tawhiri")}
    assert found == {("child", str(mine.child_id)), ("agreement", str(mine.pk))}
    assert {r["label"] for r in results(api_as(partner_admin), "care trust")} == {"Kāinga Care Trust"}
    ReferralFactory(reference="PR-2050-00001")
    assert results(api_as(partner_admin), "pr-2050") == []


def test_a_provider_finds_only_the_referrals_sent_to_it(api_as, provider_user, provider_org, provider2_org):
    ours = ReferredReferralFactory(reference="PR-2051-00001", provider=provider_org)
    ReferredReferralFactory(reference="PR-2051-00002", provider=provider2_org)
    ReferralFactory(reference="PR-2051-00003")
    ChildFactory(name="Tāwhiri Ngata")
    assert [r["id"] for r in results(api_as(provider_user), "pr-2051")] == [str(ours.pk)]
    assert results(api_as(provider_user), "tawhiri") == []


def test_results_naming_tamariki_are_audited_as_viewed(api_as, worker):
    """R-PRIV-3: one entry a kind, naming every record shown; nothing for organisations or referrals."""
    child = ChildFactory(name="Tāwhiri Ngata")
    agreement = AgreementFactory(child=child)
    ReferralFactory(reference="PR-2052-00001")
    results(api_as(worker), "tawhiri")
    entries = AuditEntry.objects.filter(action="search", actor=worker)
    assert {e.object_type for e in entries} == {"agreements.child", "agreements.agreement"}
    viewed = set(ViewedRecord.objects.filter(entry__in=entries).values_list("object_type", "object_id"))
    assert viewed == {("agreements.child", str(child.pk)), ("agreements.agreement", str(agreement.pk))}
    results(api_as(worker), "pr-2052")
    assert AuditEntry.objects.filter(action="search").count() == 2


def _queries(client, q):
    with CaptureQueriesContext(connection) as captured:
        assert len(results(client, q)) > 0
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_rows(api_as, worker):
    client = api_as(worker)
    for n in range(3):
        AgreementFactory(child=ChildFactory(name=f"Rāwiri Few{n}"))
    few = _queries(client, "rawiri")
    for n in range(15):
        AgreementFactory(child=ChildFactory(name=f"Rāwiri Many{n}"))
        ApprovedPartnerFactory(legal_name=f"Rāwiri Trust {n}")
    many = _queries(client, "rawiri")
    assert few == many


@pytest.mark.parametrize("q", ["CR-", "ana", "an", "te ao", "CR-00", "CR-0001", "Ana", "ao"])
def test_the_few_candidates_give_the_same_first_page_as_ranking_every_match(q):
    # best_first keeps only each condition's first rows; the first page must still be the one that
    # ranking every match gives, also when far more rows match than the page holds.
    from agreements.models import Child

    names = ["Ana", "Anaru Smith", "Te Ao Ana", "Hana", "Te Ao", "Te Aonui", "Mana Ao", "Dana", "Ao"]
    for i in range(60):
        ChildFactory(name=f"{names[i % len(names)]} {i:02d}" if i % 7 else names[i % len(names)],
                     case_reference=f"CR-{i:04d}")  # fmt: skip
    ChildFactory(name="CR-", case_reference="X-1")  # an exact name match among 60 reference prefixes
    every = search.matching(Child.objects.all(), q, names=("name",), references=("case_reference",))
    expected = list(every.order_by("search_rank", "name", "pk").values_list("pk", flat=True)[:5])
    found = search.best_first(
        Child.objects.all(), q, 5, names=("name",), references=("case_reference",), ordering=("name",)
    )
    assert list(found.values_list("pk", flat=True)) == expected
    assert len(expected) == (1 if q == "CR-0001" else 5)


def test_a_broad_prefix_ranks_only_a_page_of_candidates():
    # "CR-" matches every case reference: the ranking query must not read them all.
    from agreements.models import Child

    for i in range(40):
        ChildFactory(name=f"Child {i:02d}", case_reference=f"CR-{i:04d}")
    found = search.best_first(Child.objects.all(), "CR-", 5, names=("name",), references=("case_reference",))
    with CaptureQueriesContext(connection) as queries:
        assert len(list(found)) == 5
    assert len(queries) == 1
    # Each reference condition (exact, prefix) keeps its first page, and so does the result; the name
    # condition is one trigram scan for every name match (three characters or more).
    assert queries[0]["sql"].count("LIMIT 5") == 3


def test_two_characters_rank_only_a_page_of_candidates_of_each_name_condition_too():
    # Two characters have no trigram: each name condition (exact, prefix, a later word, within) keeps its
    # first page as well.
    from agreements.models import Child

    for i in range(30):
        ChildFactory(name=f"Ana {i:02d}", case_reference=f"CR-{i:04d}")
    found = search.best_first(
        Child.objects.all(), "an", 5, names=("name",), references=("case_reference",), ordering=("name",)
    )
    with CaptureQueriesContext(connection) as queries:
        assert [c.name for c in found] == [f"Ana {i:02d}" for i in range(5)]
    assert queries[0]["sql"].count("LIMIT 5") == 4 + 2 + 1


@pytest.mark.parametrize(
    ("model", "field", "index"),
    [
        ("agreements.Agreement", "reference", "agreement_reference_upper"),
        ("agreements.Child", "case_reference", "child_case_reference_upper"),
        ("referrals.Referral", "reference", "referral_reference_upper"),
    ],
)
@pytest.mark.parametrize("lookup", ["iexact", "istartswith"])
def test_a_reference_whole_or_by_prefix_is_served_by_its_btree(model, field, index, lookup):
    # The index's expression must be the very one Django writes for the lookup, or no plan can use it.
    from django.apps import apps

    queryset = apps.get_model(model).objects.filter(**{f"{field}__{lookup}": "ab-2026"}).values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan


@pytest.mark.django_db
def test_search_results_of_several_kinds_are_audited_in_one_transaction(supervisor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from careportal.audit.models import AuditEntry, ViewedRecord
    from careportal.audit.services import audit_list_views

    shown = {"agreements.child": ["c1", "c2"], "agreements.agreement": ["a1"], "referrals.referral": []}
    with CaptureQueriesContext(connection) as ctx:
        entries = audit_list_views(actor=supervisor, shown=shown, what="search")
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")
    writes = [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(control)]
    assert len(writes) == 2  # one statement a kind shown (the entry with its records), none for no rows
    assert sum(q["sql"] == "COMMIT" for q in ctx.captured_queries) <= 1
    assert [(e.object_type, e.data) for e in entries] == [
        ("agreements.child", {"count": 2}),
        ("agreements.agreement", {"count": 1}),
    ]
    assert AuditEntry.objects.filter(action="search", actor=supervisor).count() == 2
    assert sorted(ViewedRecord.objects.values_list("object_type", "object_id")) == [
        ("agreements.agreement", "a1"), ("agreements.child", "c1"), ("agreements.child", "c2"),
    ]  # fmt: skip

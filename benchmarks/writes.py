"""Write latency through the real portal views (decision 0010): each write POSTed through gunicorn with the
CSRF token as a browser sends it, on its own fresh record, the POST alone timed. A write the portal refuses
(a 400 with the form again, a 403, or a redirect that changed nothing) stops the benchmark: it is never
timed as a success. Every change is checked through the API before the next step.

The two Celery tasks of the agreement's signing (the version for signing, the sealed executed copy) are
run in-process by benchmarks/write_probe.py, as a worker would run them; no worker runs meanwhile.
These writes change the load database: run them after the read measurements.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import time
import uuid
from base64 import b64decode
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import http_bench
import requests

ROOT = Path(__file__).resolve().parent.parent
RUNS = 20
# Who makes each write; the sessions run.py signed in are reused, the others signed in here.
USERS = {
    "worker": "bench_worker",
    "supervisor": "bench_supervisor",
    "drc": "bench_drc",
    "applicant": "bench_applicant",
    "hub": "bench_hub",
}
PROVISIONS = {
    "educational_needs": "Stays enrolled at the local kura; transport by the caregiver.",
    "social_needs": "Weekly kapa haka and football with friends.",
    "cultural_needs": "Connection with marae and whānau hui.",
    "religious_needs": "Attends church with whānau when they wish.",
    "services_programme": "Whānau support worker twice a week.",
    "parent_rights_obligations": "Mere keeps guardianship and is consulted on schooling and health.",
    "access_arrangements": "Mere visits every weekend; phone calls any evening.",
}
REFERRAL = {
    "family_details": "Mum and two tamariki, 4 and 9, living with their nan.",
    "situation": "Rent arrears and the car is off the road.",
    "concerns": "Low school attendance for the older one.",
    "service_type": "Whānau support",
    "whanau_view": "Mum wants help with budgeting and getting to school.",
    "strengths": "Nan is close by and the tamariki are well cared for.",
    "history_summary": "No earlier reports of concern.",
    "other_providers": "None.",
}


class WriteRefused(RuntimeError):
    """A write the portal did not make: the benchmark stops rather than time it."""


class Timings(dict[str, dict[str, Any]]):
    def add(self, label: str, ms: float, status: Any) -> None:
        entry = self.setdefault(label, {"times": [], "status": status})
        entry["times"].append(ms)
        entry["status"] = status

    def summary(self) -> dict[str, dict[str, Any]]:
        return {
            label: {
                "median_ms": statistics.median(e["times"]),
                "p95_ms": http_bench.p95(e["times"]),
                "runs": len(e["times"]),
                "status": e["status"],
            }
            for label, e in self.items()
        }


def _probe(env: dict[str, str], what: str, argument: Any) -> Any:
    command = [str(ROOT / ".venv/bin/python"), "benchmarks/write_probe.py", what, json.dumps(argument)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise WriteRefused(f"write_probe.py {what} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()[:600]


def _why(response: requests.Response) -> str:
    """The refusal in the page's words: its error summary (or messages), without the markup."""
    part = re.search(r'class="(?:error-summary|messages)[^"]*".*?</(?:div|ul)>', response.text, re.S)
    return _plain(part.group(0) if part else response.text[:1500])


def _post(
    session: requests.Session, url: str, data: dict[str, Any], label: str, files: Any = None
) -> tuple[requests.Response, float]:
    """POST as the browser does (token in the header, Referer set), timed alone; must answer a redirect."""
    headers = {"X-CSRFToken": session.cookies.get("csrftoken") or "", "Referer": url}
    started = time.perf_counter()
    response = session.post(url, data=data, files=files, headers=headers, allow_redirects=False, timeout=60)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code not in (302, 303):
        raise WriteRefused(f"{label}: POST {url} answered {response.status_code}: {_why(response)}")
    # The browser follows it: the page shows, and so clears, the message the write left in the session.
    page = session.get(urljoin(url, response.headers["Location"]), timeout=60)
    refusal = re.search(r'class="message message--error">(.*?)</div>', page.text, re.S)
    if refusal:  # a step no longer possible from the record's state redirects with the reason
        raise WriteRefused(f"{label}: POST {url} redirected with a refusal: {_plain(refusal.group(1))}")
    return response, elapsed


def _api(session: requests.Session, url: str) -> Any:
    response = session.get(url, timeout=60)
    if response.status_code != 200:
        raise WriteRefused(f"GET {url} answered {response.status_code}")
    return response.json()


def _expect(session: requests.Session, url: str, status: str, label: str) -> None:
    found = _api(session, url)["status"]
    if found != status:
        raise WriteRefused(f"{label}: {url} is {found!r} after the write, not {status!r}")


def _step(name: str, **inputs: Any) -> dict[str, Any]:
    """A transition form's fields carry its name as prefix; confirmed=yes is the confirmation page's "Yes"
    (ignored by a step that asks none), so the one POST is the step itself."""
    return {**{f"{name}-{key}": value for key, value in inputs.items()}, "confirmed": "yes"}


def _record_id(response: requests.Response, prefix: str) -> str:
    match = re.search(prefix + r"([0-9a-f-]{36})/", response.headers["Location"])
    if match is None:
        raise WriteRefused(f"the redirect to {response.headers['Location']} names no record under {prefix}")
    return match.group(1)


def _draft(child: str, today: str) -> dict[str, Any]:
    """The agreement form as a social worker fills it in (tests/agreements/test_portal.py)."""
    end = (date.fromisoformat(today) + timedelta(days=20)).isoformat()
    return {
        "action": "save", "child": child, "agreement_type": "s139", "s140_paragraph": "",
        "start_date": today, "end_date": end, "end_plan": "return_home", "caregiver_organisation": "",
        "serious_concerns_ruled_out": "on", **PROVISIONS,
        "parties-TOTAL_FORMS": "1", "parties-INITIAL_FORMS": "0", "parties-0-name": "Mere Tipene",
        "parties-0-role": "parent", "parties-0-has_custody_right": "on", "parties-0-signatory": "on",
    }  # fmt: skip


def agreements(base: str, s: dict[str, requests.Session], start: dict, env: dict, t: Timings) -> None:
    """Draft, submit, approve; the version for signing; every party's signature; the executed copy."""
    today, ids = start["today"], []
    for child in start["children"]:
        response, ms = _post(s["worker"], f"{base}/agreements/new/", _draft(child, today), "draft agreement")
        ids.append(_record_id(response, "/agreements/"))
        _expect(s["worker"], f"{base}/api/v1/agreements/{ids[-1]}/", "draft", "draft agreement")
        t.add("draft agreement", ms, response.status_code)
    for label, who, name, after in [
        ("submit agreement", "worker", "submit", "awaiting_supervisor"),
        ("approve agreement", "supervisor", "approve", "awaiting_signatures"),
    ]:
        for pk in ids:
            response, ms = _post(s[who], f"{base}/agreements/{pk}/{name}/", _step(name), label)
            _expect(s[who], f"{base}/api/v1/agreements/{pk}/", after, label)
            t.add(label, ms, response.status_code)
    rendered = _probe(env, "render", ids)
    for ms in rendered["times_ms"]:
        t.add("signing version render", ms, "task")
    for pk in ids:
        version = rendered["versions"][pk]
        for party, name in version["parties"]:
            data = _step(
                "record_signature", document=version["document"], party=party, signed_on=today,
                way="typed", typed_name=name, consent="on", attested="on",
            )  # fmt: skip
            response, ms = _post(
                s["worker"], f"{base}/agreements/{pk}/record_signature/", data, "record signature"
            )
            t.add("record signature", ms, response.status_code)
    # The probe refuses a version someone has not signed: that is the check the signatures were recorded.
    executed = _probe(env, "execute", [rendered["versions"][pk]["document"] for pk in ids])
    for ms in executed["times_ms"]:
        t.add("executed-copy task", ms, "task")


def referrals(base: str, s: dict[str, requests.Session], start: dict, t: Timings) -> None:
    """A coordinator's referral: created complete, consent recorded (not timed), referred, a contact logged."""
    drc, today = s["drc"], start["today"]
    for _ in start["children"]:
        data = {"site": "Manukau", **REFERRAL, "no_current_involvement": "on",
                "below_statutory_threshold": "on", "submission_token": uuid.uuid4().hex}  # fmt: skip
        response, ms = _post(drc, f"{base}/referrals/new/", data, "create referral")
        pk = _record_id(response, "/referrals/")
        api = f"{base}/api/v1/referrals/{pk}/"
        _expect(drc, api, "draft", "create referral")
        t.add("create referral", ms, response.status_code)
        _post(drc, f"{base}/referrals/{pk}/seek_consent/", _step("seek_consent"), "seek consent")
        consent = _step("record_consent", consented="yes", given_on=today, given_by="Mum")
        _post(drc, f"{base}/referrals/{pk}/record_consent/", consent, "record consent")
        _expect(drc, api, "consented", "record consent")
        refer = _step("refer", provider=start["provider"])
        response, ms = _post(drc, f"{base}/referrals/{pk}/refer/", refer, "refer referral")
        _expect(drc, api, "referred", "refer referral")
        t.add("refer referral", ms, response.status_code)
        contact = {"contacted_on": today, "channel": "phone", "note": "Called Mum: the visit is booked."}
        response, ms = _post(drc, f"{base}/referrals/{pk}/contacts/", contact, "log contact")
        if _api(drc, f"{api}contacts/")["count"] != 1:
            raise WriteRefused(f"log contact: referral {pk} has no contact after the write")
        t.add("log contact", ms, response.status_code)


def evidence(base: str, s: dict[str, requests.Session], start: dict, t: Timings) -> None:
    """The applicant uploads a small PDF (a new version, the earlier one superseded); the hub accepts it."""
    application, pdf = start["application"], b64decode(start["pdf"])
    for i in range(len(start["children"])):
        requirement, code = start["requirements"][i % len(start["requirements"])]
        files = {"file": (f"{code}.pdf", pdf, "application/pdf")}
        url = f"{base}/partners/applications/{application}/evidence/new/"
        response, ms = _post(
            s["applicant"], url, {"requirement": requirement, "note": ""}, "upload evidence", files
        )
        query = f"{base}/api/v1/evidence/?application={application}&requirement_code={code}&status=submitted"
        found = _api(s["applicant"], query)["results"]
        if len(found) != 1:
            raise WriteRefused(
                f"upload evidence: {len(found)} submitted version(s) of {code} after the upload"
            )
        t.add("upload evidence", ms, response.status_code)
        pk = found[0]["id"]
        response, ms = _post(
            s["hub"], f"{base}/partners/evidence/{pk}/accept/", _step("accept"), "accept evidence"
        )
        _expect(s["hub"], f"{base}/api/v1/evidence/{pk}/", "accepted", "accept evidence")
        t.add("accept evidence", ms, response.status_code)


def measure(
    base: str, sessions: dict[str, requests.Session], env: dict[str, str], runs: int = RUNS
) -> dict[str, dict[str, Any]]:
    """{label: {median_ms, p95_ms, runs, status}} for each write (status: the HTTP answer, or "task")."""
    signed_in = {
        key: sessions.get(key) or http_bench.login(base, username) for key, username in USERS.items()
    }
    start = _probe(env, "setup", runs)
    if start["application_status"] not in ("preparation", "readiness"):
        raise WriteRefused(f"bench_applicant's application is {start['application_status']}: no evidence")
    timings = Timings()
    agreements(base, signed_in, start, env, timings)
    referrals(base, signed_in, start, timings)
    evidence(base, signed_in, start, timings)
    summary = timings.summary()
    for label, timed in summary.items():
        print(f"  write      {label:30} {timed['median_ms']:7.1f} ms", flush=True)
    return summary

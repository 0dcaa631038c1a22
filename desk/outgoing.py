"""Mail that could not be sent at once is sent again from the job queue, with back-off.

The web request tries once (so the confirmation page can say whether the requester's
acknowledgement went); when that fails, a "mail" job retries it in a worker, waiting
DESK_JOB_RETRY_SECONDS, then twice as long after each failure, for MAIL_ATTEMPTS
attempts. The request page shows the coordinator every message still waiting and
every one that failed for good, with the error. Once sent, the job keeps only the
subject: the addresses and the body are removed.
"""
from __future__ import annotations

import json

from . import jobs
from .extensions import db
from .models import HelpRequest

MAIL_ATTEMPTS = 5


def retry_later(to: list[str], subject: str, body: str, reference: str, error: str) -> jobs.Job | None:
    """Queue another try of a message that failed in the web request. None if its request is gone."""
    req = HelpRequest.query.filter_by(reference=reference).first()
    if req is None:
        return None
    payload = json.dumps({"to": to, "subject": subject, "body": body, "reference": reference})
    # The web request's try was the first attempt: the queue makes the others.
    return jobs.enqueue("mail", request_id=req.id, payload=payload, max_attempts=MAIL_ATTEMPTS - 1,
                        delay=jobs.backoff(1), first_error=error)


@jobs.handler("mail")
def send_queued(job: jobs.Job) -> None:
    from .mail import _send

    message = json.loads(job.payload)
    _send(message["to"], message["subject"], message["body"], message["reference"])
    job.payload = json.dumps({"subject": message["subject"]})  # sent: keep no address or body
    db.session.commit()


def for_request(req: HelpRequest) -> list[dict]:
    """The request's mail still waiting to be sent again, or failed for good (newest first)."""
    rows = (jobs.Job.query.filter(jobs.Job.request_id == req.id, jobs.Job.kind == "mail",
                                  jobs.Job.state != "done").order_by(jobs.Job.id.desc()).all())
    return [{"subject": json.loads(j.payload).get("subject", ""), "state": j.state, "attempts": j.attempts + 1,
             "next": j.run_after if j.state == "queued" else None, "error": j.last_error} for j in rows]

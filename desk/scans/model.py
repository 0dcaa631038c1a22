"""A scan of a reported page: its state, and the evidence kept for the coordinator."""
from __future__ import annotations

from ..extensions import db
from ..models import utcnow

# queued -> running -> done | error (the page could not be scanned) | not_scanned (refused) | failed
SCAN_STATUSES = {
    "queued": "Waiting for a worker",
    "running": "Scanning",
    "done": "Scanned",
    "error": "Could not be scanned",
    "not_scanned": "Not scanned",
    "failed": "Failed",
}
FINISHED = ("done", "error", "not_scanned", "failed")


class Scan(db.Model):
    __tablename__ = "scan"

    id = db.Column(db.Integer, primary_key=True)
    # Destroyed with its request (records schedule): results and report live in these rows only.
    request_id = db.Column(db.Integer, db.ForeignKey("help_request.id", ondelete="CASCADE"), nullable=False,
                           index=True)
    job_id = db.Column(db.Integer, nullable=True, index=True)
    url = db.Column(db.String(2048), nullable=False)
    standard = db.Column(db.String(40), nullable=False)
    status = db.Column(db.String(20), nullable=False, default="queued")
    reason = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    started_at = db.Column(db.DateTime, nullable=True)
    finished_at = db.Column(db.DateTime, nullable=True)
    failing_elements = db.Column(db.Integer, nullable=False, default=0)
    # Failing WCAG criteria as ",1.1.1,4.1.2," (commas around each, for the queue's filter).
    criteria = db.Column(db.String(500), nullable=False, default="")
    compared_to_id = db.Column(db.Integer, nullable=True)  # the request's first scan, the baseline
    results_json = db.Column(db.Text, nullable=False, default="")
    report_html = db.Column(db.Text, nullable=False, default="")

    request = db.relationship("HelpRequest", backref=db.backref(
        "scans", cascade="all, delete-orphan", passive_deletes=True, order_by="Scan.id"))

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def criteria_list(self) -> list[str]:
        return [c for c in self.criteria.split(",") if c]

import json

from a11y.models import load_results

from .contract import ReporterContract
from .sample import sample_results


class TestJsonReporter(ReporterContract):
    format_name = "json"

    def test_round_trips(self, tmp_path):
        _, [path] = self.render(tmp_path)
        again = load_results(path)
        assert again.to_dict() == sample_results().to_dict()

    def test_documented_top_level_fields(self, tmp_path):
        _, [path] = self.render(tmp_path)
        data = json.loads(path.read_text())
        for key in ("schema_version", "tool", "engines", "standard", "started", "finished",
                    "pages", "findings", "summary"):
            assert key in data
        page = data["pages"][0]
        for key in ("url", "final_url", "status", "reason", "http_status", "title", "violations", "incomplete"):
            assert key in page
        result = page["violations"][0]
        for key in ("rule", "impact", "wcag", "help", "help_url", "nodes"):
            assert key in result
        assert set(result["nodes"][0]) >= {"target", "html", "summary"}

"""A validation finding that forms, the API and the importer all report the same way."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    code: str
    message: str  # Thai, shown to users as it is
    path: str = ""  # where: a field name, "kpis[3].weight", "component:1.1"
    severity: str = "error"  # "error" blocks submission; "warning" is shown but allowed

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "message": self.message,
            "path": self.path,
            "severity": self.severity,
        }

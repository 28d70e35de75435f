"""partners models: organisations and accreditations, applications, evidence, s396 approvals."""

from .applications import Application
from .approvals import S396Approval
from .evidence import Evidence, Requirement
from .organisations import Accreditation, Organisation

__all__ = ["Accreditation", "Application", "Evidence", "Organisation", "Requirement", "S396Approval"]

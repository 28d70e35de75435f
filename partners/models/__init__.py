"""partners models: organisations and accreditations, applications, evidence, s396 approvals, invitations."""

from .applications import Application
from .approvals import S396Approval
from .evidence import Evidence, Requirement
from .invitations import Invitation
from .organisations import Accreditation, Organisation

__all__ = [
    "Accreditation",
    "Application",
    "Evidence",
    "Invitation",
    "Organisation",
    "Requirement",
    "S396Approval",
]

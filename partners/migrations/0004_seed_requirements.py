"""Seed the readiness requirements catalogue (decision 0005): reference data that exists in every database.

Editable afterwards in the support admin; edits to a requirement that has evidence create a new version
(see partners.models.evidence.Requirement).
"""

from django.db import migrations

# code, title, standard it evidences, file required, validity (days) or None
CATALOGUE = [
    ("governance", "Governance and legal structure",
     "Te Kāhui Kāhu accreditation standards: governance and management", True, None),
    ("financial-management", "Financial management",
     "Te Kāhui Kāhu accreditation standards: financial management and viability", True, 365),
    ("child-safety", "Child safety and safeguarding policy",
     "Children's Act 2014 child protection policy; National Care Standards", True, 730),
    ("complaints", "Complaints process",
     "Te Kāhui Kāhu accreditation standards: complaints and feedback", True, None),
    ("staff-vetting", "Staff and caregiver safety checking",
     "Children's (Requirements for Safety Checks of Children's Workers) Regulations 2015", True, 1095),
    ("caregiver-support", "Caregiver assessment and support",
     "National Care Standards Part 3: caregiver and placement support", True, None),
    ("cultural-capability", "Cultural capability and connection with iwi and Māori organisations",
     "National Care Standards: connection to whānau, hapū, iwi and culture", True, None),
    ("care-model", "Care model summary",
     "The organisation's care model for tamariki and rangatahi in care", False, None),
    ("privacy", "Privacy and information sharing",
     "Privacy Act 2020 and Oranga Tamariki Act 1989 information sharing", True, None),
    ("incident-reporting", "Incident reporting",
     "Serious incident notification and reporting to Oranga Tamariki", True, None),
]


def seed(apps, schema_editor):
    Requirement = apps.get_model("partners", "Requirement")
    for position, (code, title, standard, file_required, validity_days) in enumerate(CATALOGUE, start=1):
        Requirement.objects.get_or_create(
            code=code,
            version=1,
            defaults={
                "title": title,
                "standard": standard,
                "file_required": file_required,
                "validity_days": validity_days,
                "required": True,
                "active": True,
                "position": position * 10,
            },
        )


def unseed(apps, schema_editor):
    Requirement = apps.get_model("partners", "Requirement")
    Requirement.objects.filter(code__in=[row[0] for row in CATALOGUE], version=1, evidence__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_application_evidence_approval")]

    operations = [migrations.RunPython(seed, unseed)]

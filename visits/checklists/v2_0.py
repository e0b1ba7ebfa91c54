"""The IETP Audit Checklist v2.0 (effective 2018-11-01): its 14 sections and items.

Item wording is ours, summarising the program's published section themes; every Zero Tolerance
issue docs/domain.md names has its item here with Zero Tolerance as its default severity.
"""

from django.utils.translation import gettext_noop as _

# Titles are stored in English and marked for the catalogues, so every reader sees this version
# of the checklist in their own language (ChecklistSection/ChecklistItem.display_title).
VERSION = "2.0"
EFFECTIVE_DATE = "2018-11-01"

ZT, CR, MA, MI, OB = "zero_tolerance", "critical", "major", "minor", "observation"

SECTIONS: list[tuple[int, str, list[tuple[str, str, str]]]] = [
    (
        1,
        _("Audit Process"),
        [
            ("1.1.1", _("Auditors are denied access"), ZT),
            ("1.1.2", _("Workers, sites or records are deliberately hidden"), ZT),
            ("1.2.1", _("Management interferes with worker interviews"), CR),
            ("1.2.2", _("Records provided are incomplete or inconsistent"), MA),
            ("1.3.1", _("Previous corrective action plan not followed up"), MI),
        ],
    ),
    (
        2,
        _("Business Ethics"),
        [
            ("2.1.1", _("Attempted bribery of an auditor or visitor"), ZT),
            ("2.1.2", _("Deliberate misrepresentation of the supply chain"), ZT),
            ("2.2.1", _("No written policy against bribery and corruption"), MA),
            ("2.3.1", _("Undisclosed subcontracting of production"), CR),
        ],
    ),
    (
        3,
        _("Employment Practices"),
        [
            ("3.1.1", _("Child labour: workers below the legal minimum age"), ZT),
            ("3.1.2", _("No reliable age verification at hiring"), CR),
            ("3.2.1", _("Personnel files or identity documents missing"), MA),
            ("3.3.1", _("No written labour contract, or contract not given to the worker"), MA),
            ("3.4.1", _("Homework used without records or equal conditions"), MA),
            ("3.5.1", _("Recruitment fees charged to workers"), CR),
            ("3.6.1", _("Foreign migrant workers without equal terms or own documents"), CR),
        ],
    ),
    (
        4,
        _("Special Protections"),
        [
            ("4.1.1", _("Juvenile workers not registered with the local labour bureau"), MA),
            ("4.1.2", _("Juvenile workers on hazardous work or night shifts"), CR),
            ("4.2.1", _("Pregnant or nursing workers without the protections law requires"), CR),
            ("4.2.2", _("No regular health checks for juvenile workers"), MI),
        ],
    ),
    (
        5,
        _("Working Hours"),
        [
            ("5.1.1", _("Regular hours above the legal limit"), MA),
            ("5.1.2", _("Overtime above the legal or program limit"), MA),
            ("5.2.1", _("No rest day in seven"), CR),
            ("5.3.1", _("Working-hour records incomplete or falsified"), CR),
        ],
    ),
    (
        6,
        _("Compensation"),
        [
            ("6.1.1", _("Wages below the legal minimum wage"), CR),
            ("6.1.2", _("Overtime not paid at the legal premium"), MA),
            ("6.2.1", _("Wages paid late"), MA),
            ("6.3.1", _("Social insurance not provided as law requires"), MA),
            ("6.4.1", _("Pay slips unclear or not given to workers"), MI),
        ],
    ),
    (
        7,
        _("Disciplinary Practices"),
        [
            ("7.1.1", _("Inhuman treatment, corporal punishment or sexual abuse"), ZT),
            ("7.2.1", _("Fines or wage deductions used as discipline"), MA),
            ("7.3.1", _("No written disciplinary procedure known to workers"), MI),
            ("7.4.1", _("No confidential grievance channel"), MI),
        ],
    ),
    (
        8,
        _("Forced and Prison Labour"),
        [
            ("8.1.1", _("Forced, bonded or prison labour"), ZT),
            ("8.1.2", _("Human trafficking"), ZT),
            ("8.2.1", _("Identity documents or deposits withheld"), CR),
            ("8.3.1", _("Workers not free to leave the premises after work"), CR),
            ("8.4.1", _("Resignation unreasonably restricted"), MA),
        ],
    ),
    (
        9,
        _("Discrimination"),
        [
            ("9.1.1", _("Discrimination in hiring, pay or promotion"), MA),
            ("9.2.1", _("Pregnancy testing as a condition of employment"), CR),
            ("9.3.1", _("No anti-discrimination policy communicated to workers"), MI),
        ],
    ),
    (
        10,
        _("Employee Representation"),
        [
            ("10.1.1", _("Workers prevented from electing representatives"), MA),
            ("10.2.1", _("No functioning worker-management communication channel"), MI),
            ("10.3.1", _("Worker representatives not trained in their role"), OB),
        ],
    ),
    (
        11,
        _("Facilities"),
        [
            ("11.1.1", _("Insufficient toilets or drinking water"), MA),
            ("11.2.1", _("Poor lighting or ventilation in work areas"), MI),
            ("11.3.1", _("First-aid kits missing or not stocked"), MI),
        ],
    ),
    (
        12,
        _("Fire and Emergency"),
        [
            ("12.1.1", _("Emergency exits locked or blocked"), CR),
            ("12.2.1", _("Fire extinguishers missing, expired or not accessible"), MA),
            ("12.3.1", _("No fire drill in the last six months"), MA),
            ("12.4.1", _("Evacuation plans not posted"), MI),
        ],
    ),
    (
        13,
        _("Environment, Health & Safety"),
        [
            ("13.1.1", _("A health and safety danger that threatens life now"), ZT),
            ("13.2.1", _("Machine guards missing on dangerous equipment"), CR),
            ("13.3.1", _("Personal protective equipment not provided or not used"), MA),
            ("13.4.1", _("Chemicals stored or labelled unsafely"), MA),
            ("13.5.1", _("Hazardous waste disposed of without a licensed contractor"), MA),
        ],
    ),
    (
        14,
        _("Dormitory and Canteen"),
        [
            ("14.1.1", _("Dormitory in the same building as production or storage"), CR),
            ("14.2.1", _("Dormitory overcrowded or without separate sexes"), MA),
            ("14.3.1", _("Canteen without a valid hygiene licence"), MA),
            ("14.4.1", _("Dormitory fire safety equipment missing"), MA),
        ],
    ),
]

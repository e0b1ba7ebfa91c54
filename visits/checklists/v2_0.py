"""The IETP Audit Checklist v2.0 (effective 2018-11-01): its 14 sections and items.

Item wording is ours, summarising the program's published section themes; every Zero Tolerance
issue docs/domain.md names has its item here with Zero Tolerance as its default severity.
"""

VERSION = "2.0"
EFFECTIVE_DATE = "2018-11-01"

ZT, CR, MA, MI, OB = "zero_tolerance", "critical", "major", "minor", "observation"

SECTIONS: list[tuple[int, str, list[tuple[str, str, str]]]] = [
    (
        1,
        "Audit Process",
        [
            ("1.1.1", "Auditors are denied access", ZT),
            ("1.1.2", "Workers, sites or records are deliberately hidden", ZT),
            ("1.2.1", "Management interferes with worker interviews", CR),
            ("1.2.2", "Records provided are incomplete or inconsistent", MA),
            ("1.3.1", "Previous corrective action plan not followed up", MI),
        ],
    ),
    (
        2,
        "Business Ethics",
        [
            ("2.1.1", "Attempted bribery of an auditor or visitor", ZT),
            ("2.1.2", "Deliberate misrepresentation of the supply chain", ZT),
            ("2.2.1", "No written policy against bribery and corruption", MA),
            ("2.3.1", "Undisclosed subcontracting of production", CR),
        ],
    ),
    (
        3,
        "Employment Practices",
        [
            ("3.1.1", "Child labour: workers below the legal minimum age", ZT),
            ("3.1.2", "No reliable age verification at hiring", CR),
            ("3.2.1", "Personnel files or identity documents missing", MA),
            ("3.3.1", "No written labour contract, or contract not given to the worker", MA),
            ("3.4.1", "Homework used without records or equal conditions", MA),
            ("3.5.1", "Recruitment fees charged to workers", CR),
            ("3.6.1", "Foreign migrant workers without equal terms or own documents", CR),
        ],
    ),
    (
        4,
        "Special Protections",
        [
            ("4.1.1", "Juvenile workers not registered with the local labour bureau", MA),
            ("4.1.2", "Juvenile workers on hazardous work or night shifts", CR),
            ("4.2.1", "Pregnant or nursing workers without the protections law requires", CR),
            ("4.2.2", "No regular health checks for juvenile workers", MI),
        ],
    ),
    (
        5,
        "Working Hours",
        [
            ("5.1.1", "Regular hours above the legal limit", MA),
            ("5.1.2", "Overtime above the legal or program limit", MA),
            ("5.2.1", "No rest day in seven", CR),
            ("5.3.1", "Working-hour records incomplete or falsified", CR),
        ],
    ),
    (
        6,
        "Compensation",
        [
            ("6.1.1", "Wages below the legal minimum wage", CR),
            ("6.1.2", "Overtime not paid at the legal premium", MA),
            ("6.2.1", "Wages paid late", MA),
            ("6.3.1", "Social insurance not provided as law requires", MA),
            ("6.4.1", "Pay slips unclear or not given to workers", MI),
        ],
    ),
    (
        7,
        "Disciplinary Practices",
        [
            ("7.1.1", "Inhuman treatment, corporal punishment or sexual abuse", ZT),
            ("7.2.1", "Fines or wage deductions used as discipline", MA),
            ("7.3.1", "No written disciplinary procedure known to workers", MI),
            ("7.4.1", "No confidential grievance channel", MI),
        ],
    ),
    (
        8,
        "Forced and Prison Labour",
        [
            ("8.1.1", "Forced, bonded or prison labour", ZT),
            ("8.1.2", "Human trafficking", ZT),
            ("8.2.1", "Identity documents or deposits withheld", CR),
            ("8.3.1", "Workers not free to leave the premises after work", CR),
            ("8.4.1", "Resignation unreasonably restricted", MA),
        ],
    ),
    (
        9,
        "Discrimination",
        [
            ("9.1.1", "Discrimination in hiring, pay or promotion", MA),
            ("9.2.1", "Pregnancy testing as a condition of employment", CR),
            ("9.3.1", "No anti-discrimination policy communicated to workers", MI),
        ],
    ),
    (
        10,
        "Employee Representation",
        [
            ("10.1.1", "Workers prevented from electing representatives", MA),
            ("10.2.1", "No functioning worker-management communication channel", MI),
            ("10.3.1", "Worker representatives not trained in their role", OB),
        ],
    ),
    (
        11,
        "Facilities",
        [
            ("11.1.1", "Insufficient toilets or drinking water", MA),
            ("11.2.1", "Poor lighting or ventilation in work areas", MI),
            ("11.3.1", "First-aid kits missing or not stocked", MI),
        ],
    ),
    (
        12,
        "Fire and Emergency",
        [
            ("12.1.1", "Emergency exits locked or blocked", CR),
            ("12.2.1", "Fire extinguishers missing, expired or not accessible", MA),
            ("12.3.1", "No fire drill in the last six months", MA),
            ("12.4.1", "Evacuation plans not posted", MI),
        ],
    ),
    (
        13,
        "Environment, Health & Safety",
        [
            ("13.1.1", "A health and safety danger that threatens life now", ZT),
            ("13.2.1", "Machine guards missing on dangerous equipment", CR),
            ("13.3.1", "Personal protective equipment not provided or not used", MA),
            ("13.4.1", "Chemicals stored or labelled unsafely", MA),
            ("13.5.1", "Hazardous waste disposed of without a licensed contractor", MA),
        ],
    ),
    (
        14,
        "Dormitory and Canteen",
        [
            ("14.1.1", "Dormitory in the same building as production or storage", CR),
            ("14.2.1", "Dormitory overcrowded or without separate sexes", MA),
            ("14.3.1", "Canteen without a valid hygiene licence", MA),
            ("14.4.1", "Dormitory fire safety equipment missing", MA),
        ],
    ),
]

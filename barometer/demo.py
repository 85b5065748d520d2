"""Demo data for the integrationsbarometer: the indicators of docs/domain.md with half-yearly values from
2007 to 2009. The values are invented for the demo and say so, in every measurement's source note
and in every indicator's description. Only the fall in udsatte boligområder from 5 to 2 is the
source document's. Running it again changes nothing."""

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from organisation.models import Department

from .models import Direction, Goal, Indicator, Measurement, Policy
from .units import Unit

INVENTED = "Opdigtet demotal"
PERIODS = [(2007, 1), (2007, 2), (2008, 1), (2008, 2), (2009, 1), (2009, 2)]
HIGHER, LOWER = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER

# code, goal, name, unit, direction, departments, data source, baseline, target, tolerance,
# values 2007-1 … 2009-2 (None: not measured that half-year), first period of definition 2 (or None)
# fmt: off
INDICATORS = [
    (
        "B1", 1, "Beskæftigelsesfrekvens for indvandrere 25–64 år", Unit.PERCENT, HIGHER, ["BIF"],
        "Danmarks Statistik, registerbaseret arbejdsstyrkestatistik (RAS)", "47.0", "57.0", "0.5",
        ["47.0", "47.9", "49.1", "50.2", "51.0", "50.1"], None,
    ),
    (
        "B2", 1, "Forskel i beskæftigelsesfrekvens mellem etniske danskere og indvandrere 25–64 år",
        Unit.PERCENTAGE_POINTS, LOWER, ["BIF", "ØKF"],
        "Danmarks Statistik, registerbaseret arbejdsstyrkestatistik (RAS)", "28.0", "18.0", "0.5",
        ["28.0", "27.4", "26.5", "25.1", "24.2", "24.0"], None,
    ),
    (
        "B3", 1, "Andel medarbejdere i Københavns Kommune med anden etnisk baggrund end dansk", Unit.PERCENT,
        HIGHER, ["ØKF"], "Københavns Kommunes personaledata", "11.0", "15.0", "0.3",
        ["11.0", "11.4", "11.9", "12.5", "13.0", "13.9"], None,
    ),
    (
        "U1", 2, "Andel tosprogede elever med mindst 2 i både dansk skriftlig og matematik ved 9. klasses prøve",
        Unit.PERCENT, HIGHER, ["BUF"], "Børne- og Ungdomsforvaltningens prøvedata", "61.0", "75.0", "1.0",
        ["61.0", "61.5", "63.2", "64.0", "66.8", "67.5"], None,
    ),
    (
        "U2", 2, "Karaktergab mellem et- og tosprogede elever ved 9. klasses prøve", Unit.GRADE_POINTS, LOWER,
        ["BUF"], "Børne- og Ungdomsforvaltningens prøvedata", "1.9", "0", "0.1",
        ["1.9", "1.85", "1.7", "1.6", "1.4", "1.2"], None,
    ),
    (
        "U3", 2, "Andel tosprogede unge, der har gennemført en ungdomsuddannelse", Unit.PERCENT, HIGHER,
        ["BUF", "BIF"], "UNI-C, uddannelsesstatistik", "56.0", "65.0", "0.5",
        ["56.0", "56.8", "57.9", "58.6", "62.0", "63.1"], (2009, 1),
    ),
    (
        "BO1", 3, "Antal udsatte boligområder", Unit.COUNT, LOWER, ["TMF"],
        "Teknik- og Miljøforvaltningens opgørelse efter Landsbyggefondens kriterier", "5", "5", "0",
        ["5", "5", "4", "3", "2", "2"], None,
    ),
    (
        "BO2", 3, "Andel beboere uden tilknytning til arbejdsmarkedet i de udsatte boligområder", Unit.PERCENT,
        LOWER, ["TMF", "BIF"], "Danmarks Statistik, særkørsel for de udsatte boligområder", "42.0", "32.0", "0.5",
        ["42.0", "41.2", "39.9", "38.8", None, "37.0"], None,
    ),
    (
        "T1", 4,
        "Sigtelser pr. 1.000 unge indvandrere 15–24 år i forhold til alle unge, korrigeret for social baggrund",
        Unit.RATIO, LOWER, ["SOF", "BUF"], "Rigspolitiet og Danmarks Statistik", "1.80", "1.00", "0.05",
        ["1.80", "1.70", "1.58", "1.45", "1.32", "1.20"], None,
    ),
    (
        "T2", 4, "Andel indvandrere, der føler sig trygge i deres boligområde", Unit.PERCENT, HIGHER,
        ["SOF", "TMF"], "Københavns Kommunes tryghedsundersøgelse", "72.0", "80.0", "1.0",
        ["72.0", "72.5", "73.0", "74.5", "75.0", "73.2"], None,
    ),
    (
        "K1", 5, "Andel tosprogede 7–15-årige, der er medlem af en idrætsforening", Unit.PERCENT, HIGHER, ["KFF"],
        "Kultur- og Fritidsforvaltningens foreningsregister", "38.0", "55.0", "1.0",
        ["38.0", "38.5", "40.1", "41.0", "43.5", "45.9"], None,
    ),
    (
        "K2", 5, "Forskel i deltagelse i kultur- og fritidslivet mellem etniske danskere og indvandrere",
        Unit.PERCENTAGE_POINTS, LOWER, ["KFF"], "Københavns Kommunes borgerundersøgelse", "18.0", "0", "1.0",
        ["18.0", "17.5", "16.1", "14.0", "12.2", "11.0"], None,
    ),
    (
        "K3", 5, "Andel indvandrere, der har brugt et bibliotek inden for det seneste år", Unit.PERCENT, HIGHER,
        ["KFF"], "Københavns Biblioteker, brugerundersøgelse", "45.0", "50.0", "1.0",
        ["45.0", "46.0", "47.5", "48.2", "49.1", "50.3"], None,
    ),
    (
        "S1", 6, "Forskel i andelen med selvvurderet godt helbred mellem etniske danskere og indvandrere",
        Unit.PERCENTAGE_POINTS, LOWER, ["SUF"], "Københavns Kommunes sundhedsprofil", "14.0", "0", "1.0",
        ["14.0", "14.2", "13.8", "14.5", "15.1", "16.4"], None,
    ),
    (
        "S2", 6, "Andel overvægtige tosprogede elever ved udskolingsundersøgelsen", Unit.PERCENT, LOWER,
        ["SUF", "BUF"], "Den kommunale sundhedstjeneste", "22.0", "17.0", "0.5",
        ["22.0", "21.5", "20.9", "20.0", "19.6", "19.0"], None,
    ),
]
# fmt: on

DESCRIPTIONS = {
    "BO1": "Målet er, at der ikke kommer nye udsatte boligområder: højst fem, som ved udgangspunktet. "
    "Ifølge Teknik- og Miljøforvaltningens 1. redegørelse (2009) faldt antallet fra 5 til 2.",
    "U3": "Definitionen blev ændret fra 1. halvår 2009, så unge, der er flyttet fra kommunen, ikke længere tæller "
    "med. Målingerne før og efter ændringen kan ikke sammenlignes.",
    "BO2": "Målingen for 1. halvår 2009 mangler.",
}
DEMO_NOTE = "Demodata: tallene er opdigtet til demonstration og er ikke Københavns Kommunes."


def load(stdout):
    departments = {d.abbreviation: d for d in Department.objects.all()}
    goals = {g.number: g for g in Goal.objects.of_policy(Policy.objects.covering(2009))}
    created_indicators = created_measurements = 0
    for row in INDICATORS:
        (code, goal, name, unit, direction, responsible, source, baseline, target, tolerance, values, break_at) = row
        indicator, created = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "goal": goals[goal],
                "name": name,
                "description": " ".join(filter(None, [DESCRIPTIONS.get(code), DEMO_NOTE])),
                "unit": unit,
                "direction": direction,
                "data_source": f"{INVENTED} (efter mønster af: {source})",
                "baseline_value": Decimal(baseline),
                "baseline_year": 2007,
                "baseline_half": 1,
                "target_value": Decimal(target),
                "target_year": 2010,
                "tolerance": Decimal(tolerance),
                "definition_version": 2 if break_at else 1,
            },
        )
        created_indicators += created
        indicator.departments.set([departments[abbreviation] for abbreviation in responsible])
        for (year, half), value in zip(PERIODS, values, strict=True):
            if value is None:
                continue
            _measurement, created = Measurement.objects.get_or_create(
                indicator=indicator,
                year=year,
                half=half,
                defaults={
                    "value": Decimal(value),
                    "source_note": INVENTED,
                    "definition_version": 2 if break_at and (year, half) >= break_at else 1,
                    "entered_at": _entered_at(year, half),
                },
            )
            created_measurements += created
    stdout.write(
        f"Barometer: {created_indicators} nye indikatorer og {created_measurements} nye målinger "
        f"(i alt {len(INDICATORS)} indikatorer; tallene er opdigtet)."
    )


def _entered_at(year, half):
    """About two months after the half-year ended, when the figures would have been ready."""
    when = datetime(year, 9, 1, 12) if half == 1 else datetime(year + 1, 3, 1, 12)
    return timezone.make_aware(when)

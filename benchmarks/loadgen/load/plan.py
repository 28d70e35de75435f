"""How many rows of each kind a scale means, and the SQL helpers every step shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SITES = (
    "Whangārei", "Kaikohe", "Auckland Central", "Manukau", "Waitākere", "Hamilton", "Tauranga",
    "Rotorua", "Gisborne", "Napier", "Hastings", "New Plymouth", "Whanganui", "Palmerston North",
    "Levin", "Masterton", "Porirua", "Lower Hutt", "Wellington", "Nelson", "Blenheim", "Greymouth",
    "Christchurch", "Timaru", "Ōamaru", "Dunedin", "Invercargill", "Queenstown", "Taupō", "Whakatāne",
)  # fmt: skip
FIRST_NAMES = (
    "Aroha", "Mere", "Hemi", "Tama", "Ana", "Wiremu", "Kahu", "Moana", "Nikau", "Ruby", "Liam", "Olivia",
    "Jack", "Isla", "Noah", "Maia", "Manaia", "Te Ao", "Anahera", "Lucas", "Mia", "Ihaia", "Kiri", "Sam",
)  # fmt: skip
LAST_NAMES = (
    "Ngata", "Walker", "Smith", "Tane", "Parata", "Williams", "Brown", "Te Rangi", "Wilson", "Taylor",
    "Hohaia", "Cooper", "Kereama", "Patel", "Nguyen", "Tūhoe", "Clark", "Harris", "Pōmare", "King",
)  # fmt: skip
IWI = ("Ngāpuhi", "Ngāti Porou", "Waikato-Tainui", "Ngāi Tahu", "Te Arawa", "Ngāti Kahungunu", "", "", "")
PASSWORD = "bench-password"  # noqa: S105 - the known password of the benchmark users, load data only


def sql_array(values: tuple[str, ...]) -> str:
    """A SQL text array literal (our own constants only)."""
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"ARRAY[{quoted}]::text[]"


def pick(values: tuple[str, ...], expr: str) -> str:
    """SQL choosing an element of `values` by the integer expression `expr`."""
    return f"({sql_array(values)})[1 + mod(({expr})::bigint, {len(values)})]"


def name_sql(expr: str) -> str:
    return f"{pick(FIRST_NAMES, expr)} || ' ' || {pick(LAST_NAMES, f'({expr}) / 7')}"


def seq(expr: str, width: int = 5) -> str:
    """A counter formatted like Python's f"{n:05d}": zero-padded, never truncated."""
    return f"lpad(({expr})::text, greatest({width}, length(({expr})::text)), '0')"


def uid(prefix: str, expr: str) -> str:
    """A deterministic UUID for row `expr` of kind `prefix`."""
    return f"md5('{prefix}' || ({expr})::text)::uuid"


@dataclass
class Plan:
    """Row counts for a scale, the user id ranges once created, and today's date."""

    scale: float
    today: date
    users: dict[str, tuple[int, int]] = field(default_factory=dict)  # role key -> (first id, count)
    password_hash: str = ""

    def n(self, full: int, minimum: int = 1) -> int:
        return max(minimum, round(full * self.scale))

    @property
    def partners(self) -> int:
        return self.n(200, 3)

    @property
    def applicants(self) -> int:
        return self.n(100, 6)

    @property
    def providers(self) -> int:
        return self.n(700, 3)

    @property
    def organisations(self) -> int:
        return self.partners + self.applicants + self.providers

    @property
    def children(self) -> int:
        return self.n(50_000, 20)

    @property
    def agreements(self) -> int:
        return self.n(100_000, 100)

    @property
    def referrals(self) -> int:
        return self.n(200_000, 100)

    @property
    def contacts(self) -> int:
        return self.n(1_000_000, 500)

    @property
    def audit_per_agreement(self) -> int:
        return 10  # with 5 per referral: 2,000,000 audit rows at scale 1

    @property
    def d(self) -> str:
        """Today as a SQL date literal."""
        return f"DATE '{self.today.isoformat()}'"

    def user(self, key: str, expr: str) -> str:
        """SQL for the id of one user of group `key`, spread by the integer expression `expr`."""
        first, count = self.users[key]
        return f"({first} + mod(({expr})::bigint, {count}))"

    def org(self, kind: str, expr: str) -> str:
        """SQL for the UUID of a partner, applicant or provider organisation chosen by `expr`."""
        offsets = {
            "partner": (0, self.partners),
            "applicant": (self.partners, self.applicants),
            "provider": (self.partners + self.applicants, self.providers),
        }
        start, count = offsets[kind]
        return uid("org", f"{start + 1} + mod(({expr})::bigint, {count})")

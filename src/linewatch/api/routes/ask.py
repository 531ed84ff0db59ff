"""Questions about recorded crimes and the people graph (``linewatch ask`` on the web).

Every answer names people or places, so every call is audited; police roles only.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from linewatch.api.access import POLICE_ROLES
from linewatch.api.deps import AuditDep, StoreDep, require_role
from linewatch.api.responses import JSONBody
from linewatch.api.users import User
from linewatch.network import people, records
from linewatch.schema.contract import PERSON_LINK_TYPES

router = APIRouter(prefix="/ask", tags=["ask"])
#: crime records and officers are police information: partner agencies do not see them
Police = Annotated[User, Depends(require_role(*POLICE_ROLES))]
Hops = Annotated[int, Query(ge=1, le=6)]
Via = Annotated[list[str] | None, Query()]


def _answer(audit: Any, question: str, target: str, value: Any) -> JSONBody:
    audit("ask", f"{question}:{target}")
    return JSONBody(value)


def _graph(store: Any, via: list[str] | None) -> people.PeopleGraph:
    return people.people_graph(store, tuple(via) if via else PERSON_LINK_TYPES)


@router.get("/crimes")
def crimes(user: Police, store: StoreDep, audit: AuditDep) -> JSONBody:
    """Recorded crimes per category."""
    return _answer(audit, "crimes", "all", records.crime_totals(store))


@router.get("/places")
def places(user: Police, store: StoreDep, audit: AuditDep,
           limit: Annotated[int, Query(ge=1, le=1000)] = 10) -> JSONBody:
    """The places with most recorded crimes."""
    return _answer(audit, "places", str(limit), records.top_locations(store, limit))


@router.get("/near")
def near(user: Police, store: StoreDep, audit: AuditDep,
         address: Annotated[str, Query(min_length=1, max_length=300)],
         postcode: Annotated[str | None, Query(max_length=10)] = None,
         metres: Annotated[float, Query(gt=0, le=50_000)] = 500.0) -> JSONBody:
    """Recorded crimes within ``metres`` of an address."""
    return _answer(audit, "near", address, records.crimes_near(store, address, postcode, metres))


@router.get("/officer")
def officer_crimes(user: Police, store: StoreDep, audit: AuditDep,
                   officer: Annotated[str, Query(min_length=1, max_length=100)],
                   category: Annotated[str | None, Query(max_length=100)] = None,
                   outcome: Annotated[str | None, Query(max_length=200)] = None) -> JSONBody:
    """Crimes an officer investigates (``officer``: a surname or a badge number)."""
    return _answer(audit, "officer", officer, records.crimes_by_officer(
        store, officer=officer, category=category, outcome=outcome))


@router.get("/evidence/{event_id:path}")
def evidence(event_id: str, user: Police, store: StoreDep, audit: AuditDep) -> JSONBody:
    """Objects, vehicles and persons linked to a crime."""
    return _answer(audit, "evidence", event_id, records.evidence(store, event_id))


@router.get("/paths")
def paths(user: Police, store: StoreDep, audit: AuditDep,
          person: Annotated[str, Query(min_length=1, max_length=200)],
          other: Annotated[str, Query(min_length=1, max_length=200)],
          hops: Hops = 3, via: Via = None) -> JSONBody:
    """Shortest paths of at most ``hops`` person links between two persons' record ids."""
    return _answer(audit, "paths", f"{person}->{other}",
                   people.shortest_paths(_graph(store, via), person, other, hops))


@router.get("/party-within/{person:path}")
def party_within(person: str, user: Police, store: StoreDep, audit: AuditDep,
                 hops: Hops = 3, category: Annotated[str | None, Query(max_length=100)] = None,
                 via: Via = None) -> JSONBody:
    """Persons within ``hops`` links who are party to a crime."""
    return _answer(audit, "party-within", person,
                   people.party_within(store, _graph(store, via), person, hops, category))


@router.get("/vulnerable")
def vulnerable(user: Police, store: StoreDep, audit: AuditDep, hops: Hops = 1,
               limit: Annotated[int, Query(ge=1, le=1000)] = 5, via: Via = None) -> JSONBody:
    """Persons party to no crime who know most persons party to one."""
    return _answer(audit, "vulnerable", str(hops),
                   people.vulnerable(store, _graph(store, via), hops, limit))


@router.get("/family")
def family(user: Police, store: StoreDep, audit: AuditDep) -> JSONBody:
    """Family and lives-with links to persons party to a crime."""
    return _answer(audit, "family", "all",
                   people.family_links_to_offenders(store, _graph(store, None)))


@router.get("/graph")
def graph(user: Police, store: StoreDep, audit: AuditDep,
          limit: Annotated[int, Query(ge=1, le=1000)] = 10, via: Via = None) -> JSONBody:
    """Triangles and betweenness on the people graph."""
    return _answer(audit, "graph", "all", people.graph_measures(_graph(store, via), limit))

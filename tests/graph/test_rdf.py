"""The RDF view of the corpus graph: ontology terms, n-ary assignments with provenance, typed literals."""

import json

import pyshacl
import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, Namespace, URIRef

from fengong.graph import rdf
from fengong.ontology import CANDIDATES_IRI, JSONLD_CONTEXT, MECHANISM_NS, MECHANISM_SCHEME, SHAPES, VOCABULARY

FG = Namespace(rdf.FG)
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
TIME = Namespace("http://www.w3.org/2006/time#")
OWL = rdflib.OWL
XSD = Namespace(str(rdflib.XSD))  # a closed rdflib namespace warns when pytest inspects the module



@pytest.fixture(scope="module")
def graph(corpus_snapshot):
    return rdf.to_rdf(corpus_snapshot)


@pytest.fixture(scope="module")
def ontology():
    return rdflib.Graph().parse(VOCABULARY)


def test_every_ontology_term_has_a_chinese_and_an_english_label(ontology):
    terms = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(rdf.FG)}
    assert len(terms) > 60
    for term in terms:
        languages = {o.language for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal)}
        assert {"zh", "en"} <= languages, term


def test_the_data_uses_only_declared_terms(graph, ontology):
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    used = set(graph.predicates()) | set(graph.objects(None, RDF.type))
    assert {t for t in used if t.startswith(rdf.FG)} - declared == set()
    classes = {s for s in ontology.subjects(RDF.type, OWL.Class)}
    assert {FG.Plan, FG.Task, FG.Target, FG.Unit, FG.Assignment} <= classes


def test_the_context_has_a_key_for_every_property_the_data_uses(graph):
    context = json.loads(JSONLD_CONTEXT.read_text(encoding="utf-8"))["@context"]
    mapped = {
        (v["@id"] if isinstance(v, dict) else v).replace("fg:", rdf.FG)
        for v in context.values()
        if isinstance(v, dict) or (isinstance(v, str) and v.startswith("fg:"))
    }
    mapped = {rdf.PREFIXES[m.split(":")[0]] + m.split(":", 1)[1] if m.split(":")[0] in rdf.PREFIXES else m for m in mapped}
    assert {str(p) for p in graph.predicates() if p != RDF.type} - mapped == set()


def test_tasks_units_and_mechanisms_of_the_corpus(graph, extractions):
    assert len(set(graph.subjects(RDF.type, FG.Task))) == sum(len(x.tasks) for x in extractions.values())
    units = {a.unit.id for x in extractions.values() for t in x.tasks for a in t.assignments}
    assert {rdf.node_iri(u).value for u in units} <= {str(s) for s in graph.subjects(RDF.type, FG.Unit)}
    scheme = rdflib.Graph().parse(MECHANISM_SCHEME)
    in_scheme = {m.concept for x in extractions.values() for m in x.mechanisms if not m.candidate}
    assert in_scheme, "the corpus names mechanisms of the scheme"
    for concept in in_scheme:
        iri = URIRef(rdf.node_iri(concept, "Mechanism").value)
        assert iri == URIRef(MECHANISM_NS + concept)
        assert (iri, RDF.type, SKOS.Concept) in scheme
        assert (iri, RDF.type, FG.Mechanism) in graph


def test_each_assignment_is_a_resource_with_role_basis_and_provenance(graph, extractions):
    expected = sum(len(t.assignments) for x in extractions.values() for t in x.tasks)
    assignments = set(graph.subjects(RDF.type, FG.Assignment))
    assert len(assignments) == expected
    x = next(iter(extractions.values()))
    task = next(t for t in x.tasks if t.assignments)
    a = task.assignments[0]
    found = [
        s
        for s in graph.subjects(FG.task, URIRef(rdf.node_iri(task.id).value))
        if graph.value(s, FG.unit) == URIRef(rdf.node_iri(a.unit.id).value) and graph.value(s, FG.position) == Literal(0)
    ]
    assert len(found) == 1
    s = found[0]
    assert graph.value(s, FG.role) == FG[a.role]
    assert str(graph.value(s, FG.basis)) == a.basis
    assert graph.value(s, PROV.wasDerivedFrom) == URIRef(rdf.node_iri(x.doc_id).value)
    assert graph.value(s, FG.spanStart).toPython() == a.provenance.start
    assert graph.value(s, FG.spanEnd).toPython() == a.provenance.end
    assert str(graph.value(s, FG.sourceText)) == a.provenance.text
    shortcut = {"lead": FG.leadUnit, "support": FG.supportUnit, "responsible": FG.responsibleUnit}[a.role]
    assert (URIRef(rdf.node_iri(task.id).value), shortcut, URIRef(rdf.node_iri(a.unit.id).value)) in graph


def test_literals_are_typed(graph, extractions):
    target = next(g for x in extractions.values() for g in x.targets if g.deadline and g.value is not None)
    node = next(s for s in graph.subjects(FG.sourceText, Literal(target.provenance.text, lang="zh")) if (s, RDF.type, FG.Target) in graph)
    year = graph.value(graph.value(node, FG.deadline), TIME.inXSDgYear)
    assert year.datatype == XSD.gYear and str(year) == str(target.deadline)
    value = graph.value(node, FG.value)
    assert value.datatype == XSD.decimal and float(value) == target.value
    plan = next(iter(extractions.values())).plan
    title = graph.value(URIRef(rdf.node_iri(plan.id).value), FG.title)
    assert title.language == "zh" and str(title) == plan.title
    assert graph.value(URIRef(rdf.node_iri(plan.id).value), FG.superseded).datatype == XSD.boolean


def test_jurisdictions_keep_their_gbt2260_code(graph, extractions):
    areas = {x.plan.jurisdiction.name: x.plan.jurisdiction.code for x in extractions.values() if x.plan.jurisdiction}
    assert areas
    for name, code in areas.items():
        node = next(s for s in graph.subjects(FG.name, Literal(name, lang="zh")) if (s, RDF.type, FG.Jurisdiction) in graph)
        assert graph.value(node, FG.divisionCode) == Literal(code)


def test_iris_are_stable_and_unique_per_node():
    assert rdf.node_iri("t-1").value == rdf.ID + "t-1"
    assert rdf.node_iri("horse-race", "Mechanism").value == MECHANISM_NS + "horse-race"
    assert rdf.node_iri("https://example.org/m/x", "Mechanism").value == "https://example.org/m/x"  # another scheme's
    assert rdf.decimal(1e-05).value == "0.00001" and rdf.decimal(40).value == "40" and rdf.decimal(2.50).value == "2.5"


def test_each_mechanism_of_the_scheme_says_its_instrument_types(graph, extractions):
    """供给型 / 需求型 / 环境型 for each instrument, a STIP Compass type for most: the export maps each
    instrument to its class in each taxonomy, the class to its top, with labels."""
    in_scheme = {m.concept for x in extractions.values() for m in x.mechanisms if not m.candidate}
    tops = {"供给型", "需求型", "环境型"}
    in_stip = 0
    for concept in in_scheme:
        kinds = {rdf.FG + "instrument-types": [], rdf.FG + "stip-instrument-types": []}
        for kind in graph.objects(URIRef(MECHANISM_NS + concept), SKOS.broadMatch):
            kinds[str(graph.value(kind, SKOS.inScheme))].append(kind)
            assert any(label.language == "zh" for label in graph.objects(kind, SKOS.prefLabel))
            assert any(label.language == "en" for label in graph.objects(kind, SKOS.prefLabel))
        (kind,) = kinds[rdf.FG + "instrument-types"]
        (top,) = graph.objects(kind, SKOS.broader)
        assert {str(label) for label in graph.objects(top, SKOS.prefLabel) if label.language == "zh"} <= tops
        assert len(kinds[rdf.FG + "stip-instrument-types"]) <= 1
        in_stip += len(kinds[rdf.FG + "stip-instrument-types"])
    assert in_stip > len(in_scheme) / 2
    candidates = {m.concept for x in extractions.values() for m in x.mechanisms if m.candidate}
    in_candidates = set(graph.subjects(SKOS.inScheme, URIRef(CANDIDATES_IRI)))
    assert {str(s) for s in in_candidates} == {MECHANISM_NS + c for c in candidates}
    assert all(not list(graph.objects(s, SKOS.broadMatch)) for s in in_candidates)


def test_every_concept_of_the_scheme_and_no_other_is_in_it_under_the_endpoints_own_prefix(graph):
    """?m skos:inScheme fg:mechanisms with the fg: every consumer declares: the data's instruments, one IRI each."""
    members = set(graph.subjects(SKOS.inScheme, FG.mechanisms))
    assert members and members == {s for s in graph.subjects(RDF.type, FG.Mechanism) if (s, SKOS.inScheme, URIRef(CANDIDATES_IRI)) not in graph}
    assert all(str(s).startswith(MECHANISM_NS) for s in members)


# ---------------------------------------------------------------- SHACL shapes


@pytest.fixture(scope="module")
def shapes():
    return rdflib.Graph().parse(SHAPES)


def _results(data, shapes):
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    found = [
        (str(report.value(r, sh.resultSeverity)).rsplit("#", 1)[-1], report.value(r, sh.focusNode), report.value(r, sh.resultPath))
        for r in report.subjects(RDF.type, sh.ValidationResult)
    ]
    return conforms, found, text


def test_the_corpus_export_meets_the_shapes(graph, shapes):
    conforms, found, text = _results(graph, shapes)
    assert conforms and not [f for f in found if f[0] == "Violation"], text


def test_a_broken_graph_is_told_what_breaks_and_a_silent_document_only_warned(graph, shapes, extractions):
    """The shapes can fail: an assignment with two roles and none of its unit, a task in no plan, a target
    without a number, a path in the data; a plan without tasks is a warning, the text being silent."""
    broken = rdflib.Graph()
    for t in graph:
        broken.add(t)
    assignment = min(broken.subjects(RDF.type, FG.Assignment))  # the same choice in every run
    broken.add((assignment, FG.role, FG.lead if (assignment, FG.role, FG.support) in broken else FG.support))
    broken.remove((assignment, FG.unit, None))
    task = min(broken.subjects(RDF.type, FG.Task))
    broken.remove((task, FG.inPlan, None))
    target = min(
        s
        for s in broken.subjects(RDF.type, FG.Target)
        if (s, FG.value, None) in broken and (s, FG.valueMax, None) not in broken
    )  # a single value: without it the target has no number at all
    broken.remove((target, FG.value, None))
    document = min(broken.subjects(RDF.type, FG.Document))
    broken.set((document, FG.sourceFile, Literal("/home/someone/plans/a.txt")))
    plan = min(broken.subjects(RDF.type, FG.Plan))
    broken.remove((plan, FG.hasTask, None))
    conforms, found, _ = _results(broken, shapes)
    assert not conforms
    violations = {(node, path) for severity, node, path in found if severity == "Violation"}
    assert {(assignment, FG.role), (assignment, FG.unit), (task, FG.inPlan), (document, FG.sourceFile)} <= violations
    assert (target, None) in violations  # the sh:or of value, range or benchmark
    assert ("Warning", plan, FG.hasTask) in found and (plan, FG.hasTask) not in violations

"""The comparison of two model versions' inputs (domain/model_diff.py), on hand-made models."""

from __future__ import annotations

from dataclasses import replace

from carbonlabel.domain.ghg import GasCategory
from carbonlabel.domain.model import (
    Allocation,
    AllocationMethod,
    CutOffRule,
    Emission,
    EmissionFactor,
    FactorGas,
    Input,
    InputKind,
    Process,
    ProductModel,
)
from carbonlabel.domain.model_diff import (
    ChangeKind,
    ExchangeChange,
    FieldChange,
    ModelDiff,
    diff_models,
    text_diff,
)
from carbonlabel.domain.model_summary import summarise
from carbonlabel.domain.product import (
    LifeCycleStage,
    Product,
    Quantity,
    ReferenceFlow,
    SystemBoundary,
    Text,
    UnitKind,
)
from carbonlabel.domain.quality import Source


def factor(fid: str, kg_co2: float, unit: str = "kWh") -> EmissionFactor:
    return EmissionFactor(fid, Text(fid, fid), unit,
                          (FactorGas("CO2", GasCategory.FOSSIL, kg_co2),),
                          source=Source(publisher="Test office", year=2024))


def grid_input(amount: float = 12.0, unit: str = "kWh", ref: str = "grid") -> Input:
    return Input(InputKind.FACTOR, ref, Quantity(amount, unit), name="electricity",
                 source=Source(publisher="meter readings", year=2024))


def model() -> ProductModel:
    assembly = Process("assembly", Text("组装", "assembly"), LifeCycleStage.PRODUCTION,
                       Quantity(1, "kg"),
                       inputs=(grid_input(),
                               Input(InputKind.PROCESS, "parts", Quantity(2, "kg")),
                               Input(InputKind.FACTOR, "steel", Quantity(0.5, "kg"),
                                     name="frame")),
                       emissions=(Emission("CH4", GasCategory.FOSSIL, Quantity(0.1, "g")),))
    parts = Process("parts", Text("零件", "parts"), LifeCycleStage.RAW_MATERIAL,
                    Quantity(1, "kg"), inputs=(Input(InputKind.FACTOR, "steel",
                                                     Quantity(1, "kg")),))
    return ProductModel(
        Product(Text("小件", "widget"), "widgets"),
        ReferenceFlow(UnitKind.DECLARED, Text("1 kg 小件", "1 kg of widget"),
                      Quantity(1, "kg"), "assembly"),
        SystemBoundary.CRADLE_TO_GATE, None, "CN", (assembly, parts),
        factors=(factor("grid", 0.58), factor("steel", 2.1, "kg")))


def with_process(m: ProductModel, pid: str, **changes: object) -> ProductModel:
    return replace(m, processes=tuple(replace(p, **changes) if p.id == pid else p
                                      for p in m.processes))


def test_identical_models_give_no_difference() -> None:
    diff = diff_models(model(), model())
    assert diff == ModelDiff((), (), ())
    assert diff.identical
    assert text_diff("a: 1\nb: 2\n", "a: 1\nb: 2\n") == ()


def test_an_added_process_is_listed_with_its_inputs() -> None:
    before = model()
    painting = Process("painting", Text("涂装", "painting"), LifeCycleStage.PRODUCTION,
                       Quantity(1, "kg"), inputs=(grid_input(3.0),))
    after = replace(before, processes=(*before.processes, painting))
    (change,) = diff_models(before, after).processes
    assert (change.kind, change.process) == (ChangeKind.ADDED, "painting")
    assert change.exchanges == (ExchangeChange(ChangeKind.ADDED, "input", "factor:grid",
                                               "electricity"),)
    (back,) = diff_models(after, before).processes
    assert (back.kind, back.process, back.exchanges) == (ChangeKind.REMOVED, "painting", ())


def test_a_removed_exchange_is_named_by_what_it_takes() -> None:
    before = model()
    assembly = before.process("assembly")
    after = with_process(before, "assembly", inputs=assembly.inputs[:2])  # no steel frame
    (change,) = diff_models(before, after).processes
    assert (change.kind, change.process, change.changes) == (ChangeKind.CHANGED, "assembly", ())
    assert change.exchanges == (ExchangeChange(ChangeKind.REMOVED, "input", "factor:steel",
                                               "frame"),)


def test_a_changed_amount_shows_amount_and_unit_before_and_after() -> None:
    before = model()
    assembly = before.process("assembly")
    after = with_process(before, "assembly",
                         inputs=(grid_input(43.2, "MJ"), *assembly.inputs[1:]))
    (change,) = diff_models(before, after).processes
    (exchange,) = change.exchanges
    assert (exchange.kind, exchange.key) == (ChangeKind.CHANGED, "factor:grid")
    assert exchange.changes == (FieldChange("amount", "12 kWh", "43.2 MJ"),)


def test_an_input_that_takes_another_factor_under_its_name_is_one_changed_exchange() -> None:
    before = model()
    assembly = before.process("assembly")
    green = replace(grid_input(), ref="green-power",
                    source=Source(publisher="supplier certificate", year=2025))
    after = with_process(before, "assembly", inputs=(green, *assembly.inputs[1:]))
    (change,) = diff_models(before, after).processes
    (exchange,) = change.exchanges
    assert (exchange.kind, exchange.key, exchange.name) == (
        ChangeKind.CHANGED, "factor:green-power", "electricity")
    assert exchange.changes == (
        FieldChange("reference", "factor:grid", "factor:green-power"),
        FieldChange("source", "meter readings, 2024", "supplier certificate, 2025"))


def test_a_changed_factor_value_is_a_change_of_the_models_factor() -> None:
    before = model()
    after = replace(before, factors=(factor("grid", 0.5366), before.factors[1]))
    diff = diff_models(before, after)
    assert diff.processes == ()
    (change,) = diff.factors
    assert (change.kind, change.factor) == (ChangeKind.CHANGED, "grid")
    assert change.changes == (FieldChange("gases", "CO2 (fossil) 0.58", "CO2 (fossil) 0.5366"),)


def test_changed_settings_cut_off_and_allocation_are_listed() -> None:
    before = model()
    after = replace(before, cut_off=CutOffRule(per_input=0.02, total=0.05), geography="CN-GD")
    after = with_process(after, "assembly",
                         allocation=Allocation(AllocationMethod.MASS))
    diff = diff_models(before, after)
    assert diff.settings == (FieldChange("geography", "CN", "CN-GD"),
                             FieldChange("cut_off.per_input", "0.01", "0.02"))
    (change,) = diff.processes
    assert change.changes == (FieldChange("allocation", None, "mass"),)
    assert change.exchanges == ()


def test_an_emission_is_matched_by_its_gas_and_origin() -> None:
    before = model()
    after = with_process(before, "assembly", emissions=(
        Emission("CH4", GasCategory.FOSSIL, Quantity(0.2, "g")),
        Emission("CH4", GasCategory.BIOGENIC, Quantity(0.1, "g"))))
    (change,) = diff_models(before, after).processes
    assert [(x.kind, x.key, x.changes) for x in change.exchanges] == [
        (ChangeKind.CHANGED, "CH4 (fossil)", (FieldChange("amount", "0.1 g", "0.2 g"),)),
        (ChangeKind.ADDED, "CH4 (biogenic)", ())]


def test_the_same_factor_taken_twice_is_matched_in_order() -> None:
    before = model()
    twice = (grid_input(), grid_input(5.0))
    start = with_process(before, "assembly", inputs=twice)
    end = with_process(before, "assembly", inputs=(grid_input(), grid_input(6.0)))
    (change,) = diff_models(start, end).processes
    (exchange,) = change.exchanges
    assert exchange.changes == (FieldChange("amount", "5 kWh", "6 kWh"),)


def test_the_text_diff_numbers_the_lines_of_both_files() -> None:
    lines = text_diff("a: 1\nb: 2\nc: 3\n", "a: 1\nb: 20\nc: 3\nd: 4\n", context=1)
    assert [(x.kind, x.text, x.line_a, x.line_b) for x in lines] == [
        ("@", "@@ -1 +1 @@", None, None),
        (" ", "a: 1", 1, 1), ("-", "b: 2", 2, None), ("+", "b: 20", None, 2),
        (" ", "c: 3", 3, 3), ("+", "d: 4", None, 4)]


def test_the_summary_lists_factors_taken_their_uses_and_every_source_once() -> None:
    summary = summarise(model())
    assert [(s.stage, [p.id for p in s.processes]) for s in summary.stages] == [
        (LifeCycleStage.RAW_MATERIAL, ["parts"]), (LifeCycleStage.PRODUCTION, ["assembly"])]
    assert [(f.factor, f.uses, f.defined is not None) for f in summary.factors] == [
        ("grid", 1, True), ("steel", 2, True)]
    assert summary.sources == ("Test office, 2024", "meter readings, 2024")
    assert (summary.input_count, summary.emission_count) == (4, 1)
    assert summary.names["process:parts"] == Text("零件", "parts")


def test_an_exchange_without_a_name_is_called_by_the_process_it_takes() -> None:
    before = model()
    assembly = before.process("assembly")
    parts = replace(assembly.inputs[1], quantity=Quantity(3, "kg"))
    after = with_process(before, "assembly",
                         inputs=(assembly.inputs[0], parts, assembly.inputs[2]))
    (change,) = diff_models(before, after).processes
    (exchange,) = change.exchanges
    assert (exchange.key, exchange.name, exchange.changes) == (
        "process:parts", "零件 / parts", (FieldChange("amount", "2 kg", "3 kg"),))

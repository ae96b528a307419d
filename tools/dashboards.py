"""Write crm_integrated's spreadsheet dashboards (Odoo's ``spreadsheet_dashboard`` data).

Usage: python tools/dashboards.py

The dashboards are o-spreadsheet JSON documents read by Odoo Community's dashboard viewer
(editing them is Enterprise). They are generated here, from one description, so that they
stay consistent with the report models and reviewable in a diff:
addons/crm_integrated/data/files/{management,sales}_dashboard.json. Terms in ``_t("…")``,
chart titles and filter labels are exported to the addon's .pot by Odoo (the file names
must end in ``_dashboard.json``).
"""

import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "addons", "crm_integrated", "data", "files")

PERIOD = "6c0c3c39-0a3c-4a43-9f3e-5b1f6a0c0001"
SALESPERSON = "6c0c3c39-0a3c-4a43-9f3e-5b1f6a0c0002"
REGION = "6c0c3c39-0a3c-4a43-9f3e-5b1f6a0c0003"

GLOBAL_FILTERS = [
    {
        "id": PERIOD,
        "type": "date",
        "label": "Period",
        "defaultValue": "this_month",
        "rangeType": "fixedPeriod",
        "disabledPeriods": [],
    },
    {
        "id": SALESPERSON,
        "type": "relation",
        "label": "Salesperson",
        "modelName": "res.users",
        "defaultValue": [],
        "defaultValueDisplayNames": [],
    },
    {
        "id": REGION,
        "type": "relation",
        "label": "Sales Region",
        "modelName": "crm.sales.region",
        "defaultValue": [],
        "defaultValueDisplayNames": [],
    },
]

# per report model: the field each global filter applies to (absent: the filter ignores it)
MATCHING = {
    "crm.funnel.report": {PERIOD: ("date", "date"), SALESPERSON: "user_id",
                          REGION: "sales_region_id"},
    "crm.leaderboard.report": {PERIOD: ("month", "date"), SALESPERSON: "user_id"},
    "crm.region.report": {PERIOD: ("date", "date"), SALESPERSON: "user_id",
                          REGION: "sales_region_id"},
    "crm.receivable.ageing.report": {SALESPERSON: "user_id",
                                     REGION: "partner_id.sales_region_id"},
    "crm.product.profit.report": {PERIOD: ("date", "date"), SALESPERSON: "user_id"},
}  # fmt: skip


def field_matching(model):
    result = {}
    for filter_id, target in MATCHING[model].items():
        if isinstance(target, tuple):
            result[filter_id] = {"chain": target[0], "type": target[1], "offset": 0}
        else:
            result[filter_id] = {"chain": target, "type": "many2one"}
    return result


def pivot(pivot_id, model, name, measures, rows=(), domain=()):
    return {
        "type": "ODOO",
        "id": str(pivot_id),
        "formulaId": str(pivot_id),
        "model": model,
        "name": name,
        "domain": list(domain),
        "context": {},
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "columns": [],
        "rows": [{"fieldName": r} for r in rows],
        "sortedColumn": None,
        "fieldMatching": field_matching(model),
    }


def bar_chart(chart_id, title, model, group_by, measure, x, y, width, height, domain=()):
    return {
        "id": chart_id,
        "x": x,
        "y": y,
        "width": width,
        "height": height,
        "tag": "chart",
        "data": {
            "title": {"text": title, "bold": True, "color": "#434343"},
            "background": "#FFFFFF",
            "legendPosition": "none",
            "metaData": {
                "groupBy": [group_by],
                "measure": measure,
                "order": "DESC",
                "resModel": model,
                "mode": "bar",
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": list(domain),
                "groupBy": [group_by],
                "orderBy": [],
            },
            "type": "odoo_bar",
            "verticalAxisPosition": "left",
            "stacked": False,
            "fieldMatching": field_matching(model),
        },
    }


def scorecard(chart_id, title, cell, x, y):
    return {
        "id": chart_id,
        "x": x,
        "y": y,
        "width": 210,
        "height": 100,
        "tag": "chart",
        "data": {
            "type": "scorecard",
            "title": {"text": title, "bold": True, "color": "#434343"},
            "background": "#EFF6FF",
            "keyValue": cell,
            "baselineMode": "text",
            "baselineColorDown": "#DC6965",
            "baselineColorUp": "#00A04A",
            "humanize": False,
        },
    }


def sheet(sheet_id, name, cells, figures, col_sizes, rows=60):
    return {
        "id": sheet_id,
        "name": name,
        "colNumber": max(len(col_sizes), 8),
        "rowNumber": rows,
        "rows": {},
        "cols": {str(i): {"size": size} for i, size in enumerate(col_sizes)},
        "merges": [],
        "cells": {ref: {"content": content} for ref, content in cells.items()},
        "styles": {ref: 1 for ref in ("A1", "A8") if ref in cells}
        | {ref: 2 for ref in cells if ref[1:] == "9"},
        "formats": {},
        "borders": {},
        "conditionalFormats": [],
        "figures": figures,
        "tables": [],
        "areGridLinesVisible": False,
        "isVisible": True,
        "headerGroups": {"ROW": [], "COL": []},
        "dataValidationRules": [],
        "comments": {},
    }  # fmt: skip


def document(sheets, pivots, menus):
    return {
        "version": 21,
        "sheets": sheets,
        "styles": {
            "1": {"bold": True, "fontSize": 16, "textColor": "#01666B"},
            "2": {"bold": True, "textColor": "#434343"},
        },
        "formats": {},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {},
        "pivots": {p["id"]: p for p in pivots},
        "pivotNextId": len(pivots) + 1,
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": GLOBAL_FILTERS,
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": menus,
    }


FUNNEL_STEPS = [
    ("Leads", "lead_count"),
    ("Opportunities", "opportunity_count"),
    ("Won", "won_count"),
    ("Invoiced", "invoiced_count"),
    ("Paid", "paid_count"),
]


def build(management):
    """The management dashboard (all figures, product profit) or a salesperson's own one
    (the same reports: their record rules narrow them to the user's and their team's rows)."""
    prefix = "m" if management else "s"
    pivots = [
        pivot(1, "crm.funnel.report", "Funnel",
              [m for _label, m in FUNNEL_STEPS] + ["won_amount", "paid_amount"]),
        pivot(2, "crm.leaderboard.report", "Leaderboard",
              ["won_amount", "invoiced_amount", "collected_amount", "won_target"]),
        pivot(3, "crm.receivable.ageing.report", "Receivables",
              ["residual", "not_due"]),
    ]  # fmt: skip
    data_cells = {
        "A1": '=_t("KPI")',
        "B1": '=_t("Value")',
        "C1": '=_t("Display")',
        "A2": '=_t("Won")',
        "B2": '=PIVOT.VALUE(1,"won_amount")',
        "A3": '=_t("Collected")',
        "B3": '=PIVOT.VALUE(2,"collected_amount")',
        "A4": '=_t("Amount Due")',
        "B4": '=PIVOT.VALUE(3,"residual")',
        "A5": '=_t("Overdue")',
        "B5": '=PIVOT.VALUE(3,"residual")-PIVOT.VALUE(3,"not_due")',
        "A6": '=_t("Win Rate")',
        "B6": '=IFERROR(PIVOT.VALUE(1,"won_count")/PIVOT.VALUE(1,"opportunity_count"),0)',
    }
    for row in range(2, 6):
        data_cells[f"C{row}"] = f"=FORMAT.LARGE.NUMBER(B{row})"
    data_cells["C6"] = '=TEXT(B6,"0.0%")'
    if management:
        data_cells["A7"] = '=_t("Won vs Target")'
        data_cells["B7"] = '=IFERROR(PIVOT.VALUE(2,"won_amount")/PIVOT.VALUE(2,"won_target"),0)'
        data_cells["C7"] = '=TEXT(B7,"0.0%")'

    cells = {
        "A1": '=_t("Management Dashboard")' if management else '=_t("My Sales Dashboard")',
        "A8": '=_t("Funnel")',
    }
    for col, (label, measure) in zip("ABCDE", FUNNEL_STEPS, strict=True):
        cells[f"{col}9"] = f'=_t("{label}")'
        cells[f"{col}10"] = f'=PIVOT.VALUE(1,"{measure}")'

    kpis = [
        ("Won", "Data!C2"),
        ("Collected", "Data!C3"),
        ("Amount Due", "Data!C4"),
        ("Overdue", "Data!C5"),
        ("Win Rate", "Data!C6"),
    ]
    if management:
        kpis.append(("Won vs Target", "Data!C7"))
    figures = [
        scorecard(f"{prefix}-kpi-{i}", title, cell, 10 + 220 * i, 40)
        for i, (title, cell) in enumerate(kpis)
    ]
    menus = {}
    charts = [
        (f"{prefix}-won", "Won by Salesperson", "crm.leaderboard.report", "user_id",
         "won_amount", [], "crm_integrated.crm_leaderboard_report_menu"),
        (f"{prefix}-region", "Revenue by Province", "crm.region.report", "state_id",
         "revenue", [["order_id", "!=", False]], "crm_integrated.crm_region_report_menu"),
        (f"{prefix}-stage", "Pipeline by Stage", "crm.funnel.report", "stage_id",
         "expected_revenue", [["opportunity_count", "=", 1], ["won_count", "=", 0]],
         "crm_integrated.crm_funnel_report_menu"),
        (f"{prefix}-ageing", "Amount Due by Salesperson", "crm.receivable.ageing.report",
         "user_id", "residual", [], "crm_integrated.crm_receivable_ageing_report_menu"),
    ]  # fmt: skip
    if management:
        charts.append(
            (f"{prefix}-margin", "Margin by Product Category", "crm.product.profit.report",
             "categ_id", "margin", [], "crm_integrated.crm_product_profit_report_menu")
        )  # fmt: skip
    for i, (chart_id, title, model, group_by, measure, domain, menu) in enumerate(charts):
        x = 10 if i % 2 == 0 else 665
        y = 300 + 340 * (i // 2)
        figures.append(bar_chart(chart_id, title, model, group_by, measure, x, y, 640, 320,
                                 domain))  # fmt: skip
        menus[chart_id] = menu
    return document(
        [
            sheet(f"{prefix}-dashboard", "Dashboard", cells, figures, [130] * 10),
            sheet(f"{prefix}-data", "Data", data_cells, [], [160, 120, 120]),
        ],
        pivots,
        menus,
    )


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, management in (("management", True), ("sales", False)):
        path = os.path.join(OUT, f"{name}_dashboard.json")
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(build(management), fh, indent=1, ensure_ascii=False)
            fh.write("\n")
        print(path)


if __name__ == "__main__":
    main()

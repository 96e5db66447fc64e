package io.grapevine.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.core.StageRun;
import java.util.List;
import java.util.Map;

/**
 * Every figure of the month's report, typed, as read from the tables: the page renders it and
 * {@code summary.json} is it, field by field in snake case. A section is null when the run has no
 * table for it (no accounts, no themes, no alerts, no replies).
 *
 * @param channels {@code channel_monthly}'s rows of the month, one per channel
 * @param negativityTrend channel, then month, then negativity rate, from {@code trendFrom}
 * @param voices the month's negative feedback that reached the most people ({@code feedback_enriched})
 * @param speed {@code response_quality_monthly}'s rows of the month, one per channel
 * @param churnModel the month's churn model card, as written
 * @param stages the manifests of the month's stage runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Summary(String reportMonth, String previousMonth, double minLabelledShare, MonthTotals.Headline headline,
    List<TableRow> channels, MonthTotals.WordOfMouth wordOfMouth, String trendFrom,
    Map<String, Map<String, Double>> negativityTrend, List<TableRow> voices, List<WhatToFix.Theme> whatToFix,
    WhatToFix.ChurnDrivers churnDrivers, List<WhatToFix.Alert> alerts, List<TableRow> speed,
    @JsonUnwrapped RiskSection.Risk risk, JsonNode churnModel, List<StageRun> stages) {}

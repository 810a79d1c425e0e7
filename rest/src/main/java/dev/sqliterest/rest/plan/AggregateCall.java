package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.grammar.SelectItem;

/**
 * An aggregate function in {@code select}: over the output's column (after its input cast), or over
 * rows for {@code count()}.
 *
 * @param resultCast the cast applied to the function's result ({@code sum()::int}), or null
 */
public record AggregateCall(SelectItem.Aggregate function, CastType resultCast) {}

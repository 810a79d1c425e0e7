package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.grammar.OrderTerm;

/** A validated ORDER BY term. */
public record Sort(ColumnRef ref, OrderTerm.Direction direction, OrderTerm.Nulls nulls) {}

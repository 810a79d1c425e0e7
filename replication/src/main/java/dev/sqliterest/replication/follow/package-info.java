/**
 * The parts of a follower (a read replica fed by a replica URL): deciding what to apply next
 * ({@link dev.sqliterest.replication.follow.FollowPlanner}), fetching and merging those files into
 * one verified batch ({@link dev.sqliterest.replication.follow.BatchFetcher}), writing a batch's
 * pages into the live database ({@link dev.sqliterest.replication.follow.PageApplier}), and the
 * follower's own directory ({@link dev.sqliterest.replication.follow.FollowerDir}). The loop that
 * drives them is {@code replication.Follower}.
 */
package dev.sqliterest.replication.follow;

package dev.sqliterest.replication;

/** Which replicas must hold a write before {@link Store#awaitReplicated} returns. */
public enum AckReplicas {
  /** Every configured replica (the default: a write survives the loss of any one of them). */
  ALL,
  /** Any one replica (faster when one replica is far away or down; survives losing the machine). */
  ANY
}

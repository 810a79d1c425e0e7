package dev.sqliterest.rest.error;

/** Carries an {@link ApiError} out of whichever stage found it; the facade turns it into JSON. */
public final class ApiException extends RuntimeException {

  private final ApiError error;

  public ApiException(ApiError error) {
    super(error.code() + ": " + error.message(), null, false, false);
    this.error = error;
  }

  public ApiError error() {
    return error;
  }
}

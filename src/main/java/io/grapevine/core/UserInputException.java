package io.grapevine.core;

/**
 * A problem the user can fix: a wrong argument, a missing input, an invalid catalog or config.
 * The command line prints its message as one line and exits with code 2, without a stack trace.
 */
public class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}

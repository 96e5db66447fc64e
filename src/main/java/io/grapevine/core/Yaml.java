package io.grapevine.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;

/** YAML as the user's files (catalogs, configs) and the shipped presets are read. */
public final class Yaml {
  private Yaml() {}

  /** A mapper on which a key written twice is an error, not the last one silently kept (Jackson's default). */
  public static ObjectMapper mapper() {
    return new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /** One line for a file that does not read as YAML: the line of the file, and what is wrong there. */
  public static UserInputException invalid(String what, IOException e) {
    if (e instanceof JsonProcessingException j) {
      return new UserInputException(what + " is not valid YAML"
          + (j.getLocation() != null && j.getLocation().getLineNr() > 0 ? " at line " + j.getLocation().getLineNr() : "")
          + ": " + j.getOriginalMessage().replaceAll("\\s+", " ").trim());
    }
    return new UserInputException(what + " is not valid YAML: " + e.getMessage());
  }
}

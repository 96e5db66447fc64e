package io.grapevine.enrich;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.grapevine.core.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Enrich's user-extensible data files (reply signals, the sentiment lexicon): YAML of the shape
 * name -> name -> [strings], read from the user's file or, without one, from the one built in.
 */
final class RuleFiles {
  private static final TypeReference<Map<String, Map<String, List<String>>>> SHAPE = new TypeReference<>() {};

  private RuleFiles() {}

  /**
   * @param file the user's file; null or blank for the built-in resource
   * @param what how errors name the file ("Reply signals file")
   * @param shape what the file must hold, for the error ("signal -> language -> [patterns]")
   */
  static Map<String, Map<String, List<String>>> read(String file, String builtIn, String what, String shape) {
    boolean own = file != null && !file.isBlank();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try {
      if (!own) {
        try (InputStream in = RuleFiles.class.getResourceAsStream(builtIn)) {
          return yaml.readValue(in, SHAPE);
        }
      }
      if (!Files.isRegularFile(Path.of(file))) {
        throw new UserInputException(what + " " + file + " does not exist");
      }
      return yaml.readValue(Path.of(file).toFile(), SHAPE);
    } catch (IOException e) {
      throw new UserInputException(what + " " + (own ? file : builtIn) + " is not a mapping of " + shape + ": "
          + e.getMessage().split("\n")[0]);
    }
  }
}

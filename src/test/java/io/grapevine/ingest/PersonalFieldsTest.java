package io.grapevine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Which fields of real exports' shapes are found to be a person's by their names, and which are not. */
class PersonalFieldsTest {
  private static boolean person(String path) {
    return PersonalFields.isPerson(Arrays.asList(path.split("\\.")));
  }

  @Test
  void namesHandlesAndIdsOfPeopleAreFound() {
    // Reddit, X/Twitter v1, YouTube, Facebook, Trustpilot, the App Store, Google Play, Amazon, Yelp, forms.
    for (String f : List.of("author", "author_fullname", "in_reply_to_screen_name", "in_reply_to_user_id",
        "user.screen_name", "user.name", "user.id_str", "authorDisplayName", "authorChannelUrl", "from.name", "from.id",
        "consumer.displayName", "consumer.id", "reviewerNickname", "userName", "reviews.username", "profileName",
        "user_id", "First Name", "last_name", "Respondent", "requester_email", "name")) {
      assertThat(person(f)).as(f).isTrue();
    }
  }

  @Test
  void countsFlagsTimesAndThingsAreNot() {
    for (String f : List.of("user.followers_count", "user.verified", "user.created_at", "user_timezone", "userImage",
        "userLang", "author_flair_text", "author_premium", "user.location", "id", "product.name", "business_id",
        "app_name", "subreddit", "text", "title", "score", "channel.title", "created_utc", "user_agent")) {
      assertThat(person(f)).as(f).isFalse();
    }
  }

  @Test
  void aMappedFieldIsLeftToItsMappingAndOnlyValuesAreFound() {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("userName", DataTypes.StringType)
        .add("author", DataTypes.StringType).add("_gv_user", DataTypes.StringType)
        .add("user", new StructType().add("screen_name", DataTypes.StringType).add("id", DataTypes.LongType)
            .add("verified", DataTypes.BooleanType))
        .add("replies", DataTypes.createArrayType(new StructType().add("author", DataTypes.StringType)));
    assertThat(PersonalFields.find(schema, List.of("`userName`", "concat(`id`, '-')")))
        .containsExactly("author", "user.screen_name", "user.id");
  }
}

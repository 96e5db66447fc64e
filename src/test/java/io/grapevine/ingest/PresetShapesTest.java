package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.grapevine.SparkTestSession;
import io.grapevine.core.JobContext;
import io.grapevine.core.MonthRange;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Each preset reads the shapes its vendor really produces, with no override beyond the path. The
 * files are small, written here in the exact shape of a real export, each citing where the shape
 * comes from: Google Play's reviews CSV (its header as Play emits it, UTF-16LE with a byte-order
 * mark, and the same re-saved as UTF-8), the CFPB complaints CSV of 2016 (snake_case columns,
 * dates as 7/29/2013), SurveyMonkey's older export (RespondentID, StartDate, EndDate), Trustpilot's
 * API review objects in a response, Google Business Profile reviews in an API response.
 */
@Execution(ExecutionMode.CONCURRENT)  // beside the other classes: junit-platform.properties
class PresetShapesTest {
  @TempDir
  static Path dir;
  private static StageRun run;
  private static Dataset<Row> feedback;

  @BeforeAll
  static void ingest() throws Exception {
    // Google Play Console, reviews/reviews_<package>_<yyyymm>.csv: the header as Play emits it.
    String play = "Package Name,App Version Code,App Version Name,Reviewer Language,Device,"
        + "Review Submit Date and Time,Review Submit Millis Since Epoch,Review Last Update Date and Time,"
        + "Review Last Update Millis Since Epoch,Star Rating,Review Title,Review Text,Developer Reply Date and Time,"
        + "Developer Reply Millis Since Epoch,Developer Reply Text,Review Link\n"
        + "com.example.bank,512,5.1.2,nl,a52q,2026-10-03T08:15:00Z,1790928900000,2026-10-03T08:15:00Z,"
        + "1790928900000,1,,\"App crasht bij inloggen\",2026-10-04T09:00:00Z,1791018000000,"
        + "\"Beste Pieter, excuses voor het ongemak.\",https://play.google.com/console/review?reviewId=gp:AOqp1\n"
        + "com.example.bank,512,5.1.2,fr,b10,2026-10-05T10:00:00Z,1791194400000,2026-10-05T10:00:00Z,"
        + "1791194400000,5,Super,\"Très bien\",,,,\n";
    Files.createDirectories(dir.resolve("play-utf16"));
    Files.createDirectories(dir.resolve("play-utf8"));
    Files.write(dir.resolve("play-utf16/reviews_com.example.bank_202610.csv"), withBom(play));
    Files.writeString(dir.resolve("play-utf8/reviews_com.example.bank_202610.csv"), play);
    // CFPB complaints as downloaded in 2016 (Kaggle's copy, snake_case columns, US dates).
    Files.writeString(dir.resolve("cfpb2016.csv"), "date_received,product,sub_product,issue,sub_issue,"
        + "consumer_complaint_narrative,company_public_response,company,state,zipcode,tags,"
        + "consumer_consent_provided,submitted_via,date_sent_to_company,company_response_to_consumer,"
        + "timely_response,consumer_disputed?,complaint_id\n"
        + "7/29/2013,Mortgage,Other mortgage,\"Loan servicing, payments, escrow account\",,,,Example Bank,CA,"
        + "95993,,N/A,Web,07/31/2013,Closed with explanation,Yes,No,468882\n"
        + "10/1/2016,Credit card,,Billing disputes,,\"They charged me twice.\",,Card Co,NY,10001,,"
        + "Consent provided,Web,10/01/2016,Closed with monetary relief,Yes,No,2141773\n");
    // SurveyMonkey's older export: RespondentID, StartDate, EndDate, two header rows.
    Files.writeString(dir.resolve("surveymonkey.csv"), "RespondentID,CollectorID,StartDate,EndDate,IP Address,"
        + "Email Address,First Name,LastName,Custom Data,How likely are you to recommend us?,Why?\n"
        + ",,,,,,,,,Response,Open-Ended Response\n"
        + "10234567890,51234567,10/02/2026 09:12:03 AM,10/02/2026 09:14:40 AM,198.51.100.7,"
        + "ann.lee@example.org,Ann,Lee,,9,\"Ann Lee here: quick and kind\"\n");
    // Trustpilot's API: a response whose reviews are objects with consumer and companyReply.
    Files.writeString(dir.resolve("trustpilot.json"), """
        {"reviews": [
          {"id": "65f0c1", "consumer": {"id": "c-1", "displayName": "Jan Laevers"}, "stars": 1,
           "title": "Geen antwoord", "text": "Drie weken wachten, Jan Laevers", "language": "nl",
           "createdAt": "2026-10-02T11:00:00.000Z",
           "companyReply": {"text": "Dear Mr Laevers, we are sorry.", "createdAt": "2026-10-03T09:00:00.000Z"}},
          {"id": "65f0c2", "consumer": {"id": "c-2", "displayName": "Ana"}, "stars": 5, "title": "Top",
           "text": "Rápido", "language": "es", "createdAt": "2026-10-04T12:00:00.000Z"}
        ], "links": []}
        """);
    // Google Business Profile: reviews.list's response.
    Files.writeString(dir.resolve("google.json"), """
        {"reviews": [{"reviewId": "g1", "reviewer": {"displayName": "Marie Dupont"}, "starRating": "TWO",
          "comment": "Marie Dupont: accueil froid", "createTime": "2026-10-06T08:00:00Z",
          "reviewReply": {"comment": "Bonjour Marie, merci", "updateTime": "2026-10-07T08:00:00Z"}}],
         "averageRating": 2, "totalReviewCount": 1}
        """);
    // Tripadvisor's Content API, /location/{id}/reviews (its "data" array): the reviewer only as user.username,
    // the owner's reply as owner_response{}, a review without one.
    Files.writeString(dir.resolve("tripadvisor-api.json"), """
        {"data": [
          {"id": 917325601, "lang": "en", "location_id": "93450", "published_date": "2026-10-03T14:22:05Z",
           "rating": 2, "helpful_votes": 3, "text": "Room was dirty. Greta Lind", "title": "Not again",
           "user": {"username": "Greta Lind", "user_location": {"id": "1", "name": "Oslo"}},
           "owner_response": {"id": 1, "text": "Dear Greta Lind, we are sorry", "lang": "en",
             "published_date": "2026-10-04T09:00:00Z"}},
          {"id": 917325602, "lang": "de", "location_id": "93450", "published_date": "2026-10-05T10:00:00Z",
           "rating": 5, "helpful_votes": 0, "text": "Sehr schönes Hotel", "title": "Top", "user": {"username": "hansm"}}]}
        """);
    // Yelp Fusion API, /v3/businesses/{id}/reviews, saved as it answers (docs.developer.yelp.com).
    Files.writeString(dir.resolve("yelp-fusion.json"), """
        {"reviews": [{"id": "xAG4O7l-t1ubbwVAlPnDKg", "url": "https://www.yelp.com/biz/x?hrid=xAG4O7l",
          "text": "Cold fries and a 40 minute wait, Sam Ortiz", "rating": 2,
          "time_created": "2026-10-12 19:41:13", "user": {"id": "W8UK02IDdRS2GL_66fuq6w",
          "profile_url": "https://www.yelp.com/user_details?userid=W8UK02", "image_url": null, "name": "Sam Ortiz"}}],
         "total": 1, "possible_languages": ["en"]}
        """);
    // Delighted's API, GET /v1/survey_responses.json with expand[]=person (its documented fields; values
    // made up): an NPS answer naming its writer, a CSAT one, an older one without survey_type, a CES one.
    Files.writeString(dir.resolve("delighted.json"), """
        [{"id": "104561", "person": {"id": "9001", "email": "mia.lund@example.com", "name": "Mia Lund"},
          "survey_type": "nps", "score": 3, "comment": "Mia Lund here: billing charged me twice",
          "permalink": "https://delighted.com/r/104561", "created_at": 1790929800, "updated_at": 1790929900,
          "person_properties": {"Plan": "Pro"}, "notes": [], "tags": ["billing"], "additional_answers": []},
         {"id": "104562", "person": {"id": "9002", "email": "li@example.com", "name": "Li Wei"},
          "survey_type": "csat", "score": 4, "comment": "Quick help", "created_at": 1791028800,
          "person_properties": {}, "notes": [], "tags": []},
         {"id": "104563", "person": {"id": "9003", "email": "a@example.com", "name": "Ada"},
          "score": 10, "comment": null, "created_at": 1791222300, "person_properties": {}, "notes": [], "tags": []},
         {"id": "104564", "person": {"id": "9004", "email": "b@example.com", "name": "Bo"},
          "survey_type": "ces", "score": 6, "comment": "Easy enough", "created_at": 1791222300,
          "person_properties": {}, "notes": [], "tags": []}]
        """);
    // The same API without expand[]=person (the person as its id) and from before survey_type, as lines.
    Files.writeString(dir.resolve("delighted-plain.jsonl"), """
        {"id": "88001", "person": "7001", "score": 9, "comment": "Love it", "created_at": 1789898400}
        {"id": "88002", "person": "7002", "score": 0, "comment": "Never again", "created_at": 1789898400}
        """);
    // A page of reviews no one answered, which is many a small business's: no reviewReply (Google) or
    // companyReply (Trustpilot) object in any record, and Trustpilot's without its language field.
    Files.writeString(dir.resolve("google-unanswered.json"), """
        {"reviews": [{"reviewId": "g7", "reviewer": {"displayName": "Tom"}, "starRating": "FIVE",
          "comment": "Great coffee", "createTime": "2026-10-08T08:00:00Z"},
          {"reviewId": "g8", "reviewer": {"displayName": "Ann"}, "starRating": "ONE", "createTime": "2026-10-09T08:00:00Z"}]}
        """);
    Files.writeString(dir.resolve("trustpilot-unanswered.json"), """
        {"reviews": [{"id": "t7", "consumer": {"id": "c-7", "displayName": "Ola"}, "stars": 2, "title": "Late",
          "text": "Two weeks late", "createdAt": "2026-10-08T10:00:00.000Z"}]}
        """);
    // The same helpdesks' exports with fewer columns (Freshdesk's export asks which to include; a Zendesk
    // view's CSV): no reply time, no solve time, no satisfaction, no requester's name.
    Files.writeString(dir.resolve("zendesk-view.csv"), "Id,Requester email,Subject,Status,Created at\n"
        + "4201,ann@example.org,Refund still missing,open,2026-10-06 09:00\n");
    Files.writeString(dir.resolve("freshdesk-picked.csv"), "Ticket ID,Subject,Status,Created time,Email\n"
        + "8801,App keeps logging me out,Open,2026-10-07 11:00:00,bo@example.org\n");
    // Zendesk Support's CSV ticket export: its leading "Summation column", local times, CSAT as Good/Bad/Offered,
    // and one row as a report tool writes it, in ISO with an offset.
    Files.writeString(dir.resolve("zendesk.csv"), "Summation column,Id,Requester,Requester id,Requester external id,"
        + "Requester email,Requester domain,Submitter,Assignee,Group,Subject,Tags,Status,Priority,Via,Ticket type,"
        + "Created at,Updated at,Assigned at,Organization,Due date,Initially assigned at,Solved at,Resolution time,"
        + "Satisfaction Score,Group stations,Assignee stations,Reopens,Replies,First reply time in minutes,"
        + "First reply time in minutes within business hours,First resolution time in minutes\n"
        + "1,4101,Pieter Janssens,380001,,pieter@example.be,example.be,Pieter Janssens,Agent A,Billing,"
        + "\"Double charge, Pieter Janssens\",billing,solved,normal,email,incident,2026-10-02 09:00,2026-10-03 10:00,"
        + "2026-10-02 09:05,Acme,,2026-10-02 09:05,2026-10-03 10:00,25,Good,1,1,0,2,90,90,1500\n"
        + "2,4102,Ann Lee,380002,,ann@example.org,example.org,Ann Lee,,Support,Still no answer,,open,high,web,"
        + "question,2026-10-05 14:30,2026-10-05 14:30,,,,,,,Bad,1,0,0,0,,,\n"
        + "3,4103,Bo,380003,,bo@example.org,example.org,Bo,Agent B,Support,Password reset,,closed,low,web,question,"
        + "2026-10-07T08:00:00+02:00,2026-10-07T09:00:00+02:00,,,,,2026-10-07T09:00:00+02:00,1,Offered,1,1,0,1,"
        + "30,30,60\n");
    // Freshdesk's ticket export, and Freshservice's capitalized one without a survey column.
    Files.writeString(dir.resolve("freshdesk.csv"), "Ticket ID,Subject,Description,Status,Priority,Source,Type,Agent,"
        + "Group,Created time,Due by Time,Resolved time,Closed time,Last update time,Initial response time,"
        + "Time tracked,First response time (in hrs),Resolution time (in hrs),Agent interactions,"
        + "Customer interactions,Resolution status,First response status,Tags,Survey results,Product,Full name,"
        + "Email,Contact ID\n"
        + "501,Refund missing,\"Marta Silva here, where is my refund?\",Closed,Low,Email,Refund,Agent A,Billing,"
        + "2026-10-02 09:00:00,2026-10-04 09:00:00,2026-10-02 15:00:00,2026-10-03 09:00:00,2026-10-03 09:00:00,"
        + "2026-10-02 10:15:00,00:20,1.25,6.0,1,1,Within SLA,Within SLA,,Not Good,Bank,Marta Silva,"
        + "marta@example.pt,9001\n"
        + "502,Thanks,All good now,Open,Low,Portal,Question,,Support,2026-10-06 12:00:00,,,,2026-10-06 12:00:00,,"
        + ",,,0,1,,,,Awesome,Bank,Li Wei,li@example.org,9002\n");
    Files.writeString(dir.resolve("freshservice.csv"), "Ticket Id,Subject,Description,Status,Priority,Requester Name,"
        + "Requester Email,Created Time,Resolved Time,Initial Response Time\n"
        + "INC-7,Laptop broken,Screen cracked,Resolved,High,Sam Roe,sam@example.com,2026-10-08 08:00:00,"
        + "2026-10-08 12:00:00,2026-10-08 08:30:00\n");
    // App Store Connect's customerReviews response, times with an offset.
    Files.writeString(dir.resolve("appstore.json"), """
        {"data": [
          {"type": "customerReviews", "id": "00000029-a1", "attributes": {"rating": 2, "title": "Crashes",
           "body": "Crashes on login since 5.1", "reviewerNickname": "mjansen", "createdDate": "2026-10-09T10:00:00-07:00",
           "territory": "USA"}},
          {"type": "customerReviews", "id": "00000029-a2", "attributes": {"rating": 5, "title": "Great",
           "body": "Works well", "reviewerNickname": "kim", "createdDate": "2026-10-10T08:00:00+02:00", "territory": "DEU"}}],
         "links": {"self": "https://api.appstoreconnect.apple.com/v1/apps/1/customerReviews"}, "meta": {"paging": {"total": 2}}}
        """);
    // google-play-scraper's reviews saved by pandas: to_csv with its unnamed index column first, the same
    // re-saved by a US Excel (no index, M/d/yyyy H:mm), and to_json(orient="records") with epoch milliseconds.
    Files.createDirectories(dir.resolve("scraper"));
    String scraperHeader = "reviewId,userName,userImage,content,score,thumbsUpCount,reviewCreatedVersion,at,"
        + "replyContent,repliedAt,appVersion\n";
    Files.writeString(dir.resolve("scraper/pandas.csv"), "," + scraperHeader
        + "0,gp:AOqpTOH1,Musa Laberia,https://play-lh.googleusercontent.com/a/x=mo,\"Freezes at login, Musa Laberia\","
        + "1,3,2.25.17,2026-10-11 15:42:10,\"Hi Musa Laberia, sorry about that.\",2026-10-12 09:00:00,2.25.17\n"
        + "1,gp:AOqpTOH2,A Google user,https://play-lh.googleusercontent.com/a/y=mo,Works fine,5,0,,"
        + "2026-10-12 08:00:00,,,\n");
    Files.writeString(dir.resolve("scraper-excel.csv"), scraperHeader
        + "gp:AOqpTOH3,A Google user,,Slow since the update,2,1,2.25.18,10/13/2026 9:05,,,2.25.18\n");
    Files.writeString(dir.resolve("scraper.json"), "[{\"reviewId\":\"gp:AOqpTOJ1\",\"userName\":\"Kim Ode\","
        + "\"userImage\":\"https://play-lh.googleusercontent.com/a/z\",\"content\":\"Great app\",\"score\":5,"
        + "\"thumbsUpCount\":0,\"reviewCreatedVersion\":null,\"at\":1792000000000,\"replyContent\":null,"
        + "\"repliedAt\":null,\"appVersion\":null}]");
    // Google Maps reviews as scrapers save them: the date as the page shows it ("2 weeks ago") and the
    // time it stands for beside it (column names made up in that shape).
    Files.writeString(dir.resolve("maps-scraped.csv"), """
        Reviewer,Stars,Date,Review Text,Published At
        someone,1,2 weeks ago,Rude staff at the desk,2026-10-01T10:00:00Z
        someone else,5,a month ago,Lovely place,2026-10-02T11:30:00Z
        """);
    // Times of day after a day-first two-digit year, a day and month name, a US month name with AM/PM.
    Files.writeString(dir.resolve("times-de.csv"), "id,date,text\n1,01.10.26 10:00,Zu spät\n2,13.10.26 11:00,Gut\n");
    Files.writeString(dir.resolve("times-uk.csv"), "id,date,text\n1,1 Oct 2026 10:00,Late\n2,13 Oct 2026 11:00,Fine\n");
    // Dates with the words a review page puts before them: Amazon's, and Trustpilot's as scraped.
    Files.writeString(dir.resolve("times-worded.csv"), "id,date,text\n1,\"Reviewed in the United States on October 1, "
        + "2026\",Late\n2,\"Reviewed in India on October 13, 2026\",Fine\n");
    Files.writeString(dir.resolve("times-experience.csv"), "id,date,text\n1,Date of experience: 1 October 2026,Late\n"
        + "2,Date of experience: 13 October 2026,Fine\n");
    Files.writeString(dir.resolve("times-us.csv"), "id,date,text\n1,\"Oct 1, 2026 10:00 AM\",Late\n"
        + "2,\"Oct 13, 2026 1:05 PM\",Fine\n");
    // Year first with slashes and AM/PM (an East Asian Excel), and digits alone (a warehouse's yyyyMMdd).
    Files.writeString(dir.resolve("times-ymd.csv"), "id,date,text\n1,2026/10/1 10:00 AM,Late\n2,2026/10/13 1:05 PM,Fine\n");
    Files.writeString(dir.resolve("times-compact.csv"), "id,date,text\n1,20261001,Late\n2,20261013,Fine\n");
    // Messages exported with their mail header's date (RFC 1123, as e-mail and RSS write it).
    Files.writeString(dir.resolve("mails.csv"), """
        Date,From,Body
        "Tue, 6 Oct 2026 08:15:00 GMT",someone,My parcel never came
        "Wed, 07 Oct 2026 10:00:00 +0200",someone else,Thanks for the quick refund
        """);
    // Amazon Reviews (McAuley lab) of 2014 (helpful: [yes, all]) and of 2018 (vote as a string, absent when none).
    Files.writeString(dir.resolve("amazon2014.json"), """
        {"reviewerID": "A2SUAM1J3GNN3B", "asin": "0000013714", "reviewerName": "J. McDonald", "helpful": [2, 3], \
        "reviewText": "Bought it for my husband, J. McDonald. The print is small.", "overall": 4.0, \
        "summary": "Small print", "unixReviewTime": 1791000000, "reviewTime": "10 3, 2026"}
        """);
    Files.writeString(dir.resolve("amazon2018.json"), """
        {"overall": 2.0, "vote": "1,234", "verified": true, "reviewTime": "10 4, 2026", "reviewerID": "A1X", \
        "asin": "B01", "style": {"Format:": " Audio CD"}, "reviewerName": "Lee", "reviewText": "Arrived broken", \
        "summary": "Broken", "unixReviewTime": 1791100000}
        {"overall": 5.0, "verified": false, "reviewerID": "A2Y", "asin": "B01", "reviewText": "Fine", "summary": "Good", \
        "unixReviewTime": 1791200000}
        """);
    // SNAP's Amazon Fine Food Reviews as Kaggle ships it (Reviews.csv; header and quoting as in that file,
    // values made up): Time in epoch seconds, HTML breaks in the text, the profile name in the text.
    Files.writeString(dir.resolve("Reviews.csv"), """
        Id,ProductId,UserId,ProfileName,HelpfulnessNumerator,HelpfulnessDenominator,Score,Time,Summary,Text
        1,B001E4KFG0,A3SGXH7AUHU8GW,delmartian,1,1,5,1791000000,Good Quality Dog Food,"I have bought several         of the Vitality canned dog food products.<br />delmartian says: recommended"
        2,B00813GRG4,A1D87F6ZCVE5NK,dll pa,0,0,1,1791086400,Not as Advertised,"Product arrived labeled as Jumbo         Salted Peanuts, ""unsalted"" in fact"
        """);
    // Kaggle's "Customer Support on Twitter" twcs.csv as published (no index column): a customer's
    // tweet, the company's answer, the customer's thanks.
    Files.writeString(dir.resolve("twcs.csv"), """
        tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id
        8,115712,True,Sat Oct 03 10:00:00 +0000 2026,@sprintcare is the worst customer service,"9,6,10",
        9,sprintcare,False,Sat Oct 03 10:20:00 +0000 2026,"@115712 Sorry to hear that, please send us a DM",11,8.0
        11,115712,True,Sat Oct 03 11:00:00 +0000 2026,@sprintcare done,,9.0
        """);
    // X/Twitter API v2: a recent-search response saved as is (fields as its documentation shows them),
    // and v1.1 tweets one per line as tweepy saves them (extended mode: full_text; user{} embedded).
    Files.writeString(dir.resolve("tweets-v2.json"), """
        {"data": [{"id": "1580000000000000001", "author_id": "2244994945", "lang": "en",         "created_at": "2026-10-06T09:30:00.000Z", "text": "@Acme my order never came",         "public_metrics": {"retweet_count": 2, "reply_count": 1, "like_count": 5, "quote_count": 0,         "impression_count": 812}}], "meta": {"result_count": 1, "newest_id": "1580000000000000001"}}
        """);
    Files.writeString(dir.resolve("tweets-v1.jsonl"), """
        {"created_at": "Tue Oct 06 08:15:00 +0000 2026", "id": 1050118621198921728,         "id_str": "1050118621198921728", "full_text": "Thanks @Acme, Dana Whitlock here: refund arrived",         "truncated": false, "in_reply_to_status_id_str": null, "lang": "en", "retweet_count": 0,         "user": {"id": 6253282, "id_str": "6253282", "name": "Dana Whitlock", "screen_name": "dwhit",         "followers_count": 321}}
        """);
    // HubSpot's ticket export and a Salesforce Cases report (column names as the vendors name them,
    // not from a real download; Salesforce's dates as a US locale writes them).
    Files.writeString(dir.resolve("hubspot-tickets.csv"), """
        Ticket ID,Ticket name,Pipeline,Ticket status,Create date,Close date,Priority,Source,Ticket description,Associated Company
        1201,Login fails,Support Pipeline,Closed,2026-10-05 09:12,2026-10-05 15:40,HIGH,Email,"Cannot log in since the update, from 555 0199 8877",Acme Corp
        1202,Invoice question,Support Pipeline,Waiting on contact,2026-10-06 11:00,,LOW,Chat,Why was I billed twice?,Acme Corp
        """);
    Files.writeString(dir.resolve("salesforce-cases.csv"), """
        "Case Number","Subject","Description","Status","Case Origin","Date/Time Opened","Date/Time Closed","Account Name","Contact Name","Priority"
        "00001026","Broken hinge","Delivered with a broken hinge, please call Ingrid Solberg","Closed","Web","10/7/2026 9:15 AM","10/8/2026 2:05 PM","Nordhus AS","Ingrid Solberg","High"
        """);
    // Kaggle's 515K Hotel Reviews Data in Europe (Hotel_Reviews.csv; its header, values made up): the
    // liked and disliked parts with their placeholders, a score out of 10, a US date.
    Files.writeString(dir.resolve("Hotel_Reviews.csv"), "Hotel_Address,Additional_Number_of_Scoring,Review_Date,"
        + "Average_Score,Hotel_Name,Reviewer_Nationality,Negative_Review,Review_Total_Negative_Word_Counts,"
        + "Total_Number_of_Reviews,Positive_Review,Review_Total_Positive_Word_Counts,"
        + "Total_Number_of_Reviews_Reviewer_Has_Given,Reviewer_Score,Tags,days_since_review,lat,lng\n"
        + "s Gravesandestraat 55 Oost 1092 AA Amsterdam Netherlands,194,10/3/2026,7.7,Hotel Arena, Russia ,"
        + " Room was dirty and noisy ,6,1403, Only the park outside ,5,7,2.9,"
        + "\"[' Leisure trip ', ' Couple ', ' Duplex Double Room ', ' Stayed 6 nights ']\",0 days,52.3605759,4.9159683\n"
        + "s Gravesandestraat 55 Oost 1092 AA Amsterdam Netherlands,194,10/4/2026,7.7,Hotel Arena, Ireland ,"
        + "No Negative,0,1403, Great location and staff ,5,2,9.6,\"[' Business trip ', ' Solo traveler ']\","
        + "0 days,52.3605759,4.9159683\n");
    // generic_reviews on exports no preset names. Kaggle's "Twitter US Airline Sentiment" (Tweets.csv, its
    // header; values made up): no rating, the author's handle as name, times with an offset.
    Files.writeString(dir.resolve("Tweets.csv"), "tweet_id,airline_sentiment,airline_sentiment_confidence,"
        + "negativereason,negativereason_confidence,airline,airline_sentiment_gold,name,negativereason_gold,"
        + "retweet_count,text,tweet_coord,tweet_created,tweet_location,user_timezone\n"
        + "570306133677760513,negative,1.0,Late Flight,0.7,Virgin America,,jnardino,,0,"
        + "\"@VirginAmerica jnardino here, 3 hours late again\",,2015-02-24 11:35:52 -0800,,Eastern Time (US & Canada)\n"
        + "570301130888122368,positive,0.35,,0.0,United,,cairdin,,2,@united thanks for the upgrade,,"
        + "2015-02-24 11:15:59 -0800,NYC,Pacific Time (US & Canada)\n");
    // A shop's own export as a European Excel saves it: day-first dates (one day above 12), a 1-10
    // score, headers in its own case and spacing.
    Files.writeString(dir.resolve("shop-eu.csv"), "Review ID;Date;Score;Review Text;Product;NPS Score;Sentiment\r\n"
        + "r1;25/09/2026;9;Prima service;Boiler X;10;Positive\r\nr2;03/10/2026;2;Kapot geleverd;Boiler X;0;Mixed\r\n"
        + "r3;04/10/2026;10;Top;Pomp Y;;Positive\r\n");
    // The same kind of export from a US tool: month-first dates, none with a day above 12.
    Files.writeString(dir.resolve("shop-us.csv"), "REVIEW_ID,REVIEW_DATE,RATING,Feedback,Message\n"
        + "u1,10/05/2026,4,1,Fine\nu2,10/06/2026,1,0,Never again\n");
    // JSON lines from an app-review scraper: epoch milliseconds, stars from 0, a reply.
    Files.writeString(dir.resolve("app-reviews.jsonl"), """
        {"reviewId": "a1", "userName": "Kim Park", "content": "Kim Park: crashes on start", "score": 0, "timestamp": 1791194400000, "replyContent": "Hi Kim, fixed in 2.1"}
        {"reviewId": "a2", "userName": "Lu", "content": "ok", "score": 4, "timestamp": 1791280800000}
        """);
    // Exports whose names differ from the preset's in number, prefix or word order. Datafiniti's
    // "Consumer Reviews of Amazon Products" (Kaggle; its header, values made up): dotted names, the
    // product's id in `id`, `reviews.id` mostly empty, a title apart from the text.
    Files.writeString(dir.resolve("datafiniti.csv"), "id,dateAdded,dateUpdated,name,asins,brand,categories,"
        + "primaryCategories,imageURLs,keys,manufacturer,manufacturerNumber,reviews.date,reviews.dateSeen,"
        + "reviews.didPurchase,reviews.doRecommend,reviews.id,reviews.numHelpful,reviews.rating,reviews.sourceURLs,"
        + "reviews.text,reviews.title,reviews.username,sourceURLs\n"
        + "AVpgNzjwLJeJML43Kpxn,2015-10-30T08:59:32Z,2019-04-25T09:08:16Z,AmazonBasics AAA Batteries (36 Count),"
        + "B00QWO9P0O,Amazonbasics,\"AA,AAA,Health\",Health & Beauty,https://example.com/1.jpg,amazonbasics/b00qwo9p0o,,"
        + "HL-002619,2026-10-03T00:00:00.000Z,2017-03-02T00:00:00Z,,,,0,2,https://example.com/r1,"
        + "\"Died after a day, Byger here is not impressed\",Not worth it,Byger,https://example.com/p\n"
        + "AVpgNzjwLJeJML43Kpxn,2015-10-30T08:59:32Z,2019-04-25T09:08:16Z,AmazonBasics AAA Batteries (36 Count),"
        + "B00QWO9P0O,Amazonbasics,\"AA,AAA,Health\",Health & Beauty,https://example.com/1.jpg,amazonbasics/b00qwo9p0o,,"
        + "HL-002619,2026-10-04T00:00:00.000Z,2017-03-02T00:00:00Z,,,,1,5,https://example.com/r2,Long lasting,"
        + ",ByAnnie,https://example.com/p\n");
    // Kaggle's "Spotify App Reviews" (Time_submitted), "ChatGPT Reviews" (Ratings, plural) and
    // "Disneyland Reviews" (Year_Month as 2019-4, "missing" where Disney's scrape had none).
    Files.writeString(dir.resolve("spotify.csv"), "Time_submitted,Review,Rating,Total_thumbsup,Reply\n"
        + "2026-10-09 15:00:21,Ads every two songs,1,12,\n2026-10-10 07:21:00,Love the playlists,5,0,Thanks!\n");
    // Kaggle's "Google Play Store Apps" user reviews (googleplaystore_user_reviews.csv): no date, the text as
    // Translated_Review, pandas' nan where a review had none (about two rows in five), a Sentiment column.
    Files.writeString(dir.resolve("googleplaystore_user_reviews.csv"), "App,Translated_Review,Sentiment,"
        + "Sentiment_Polarity,Sentiment_Subjectivity\n"
        + "10 Best Foods for You,This help eating healthy exercise regular basis,Positive,0.25,0.28846153846153844\n"
        + "10 Best Foods for You,nan,nan,nan,nan\n"
        + "10 Best Foods for You,Dumb app I can't cancel it,Negative,-0.375,0.5\n");
    // Inside Airbnb's reviews.csv (listing_id, id, date, reviewer_id, reviewer_name, comments with <br/>).
    Files.writeString(dir.resolve("airbnb-reviews.csv"), "listing_id,id,date,reviewer_id,reviewer_name,comments\n"
        + "2818,1191,2026-10-03,10952,Lam,\"Nice and clean.<br/>Very quiet.\"\n"
        + "2818,1771,2026-10-05,12798,Alice,\"Heating broken, Alice got no reply from the host.\"\n");
    // app-store-scraper (Python) saved with json.dump: the developer's answer as developerResponse{}.
    Files.writeString(dir.resolve("app-store-scraper.json"), """
        [{"date": "2026-10-03T08:12:44", "review": "Crashes when I open the camera.", "rating": 1, "isEdited": false,
          "userName": "kbm1982", "title": "Crash", "developerResponse": {"id": 39251,
          "body": "Hi kbm1982, please update to 5.2.", "modified": "2026-10-04T10:00:00Z"}},
         {"date": "2026-10-05T18:40:02", "review": "Works well", "rating": 5, "isEdited": true, "userName": "j_doe",
          "title": "Good"}]
        """);
    // Outscraper's Google Maps reviews CSV (its column names; values made up): the place's name and
    // average rating on every row beside the review's own, the owner's answer and its times.
    Files.writeString(dir.resolve("outscraper.csv"), "query,name,google_id,place_id,reviews,rating,review_id,"
        + "author_title,author_id,review_text,owner_answer,owner_answer_timestamp,owner_answer_timestamp_datetime_utc,"
        + "review_rating,review_timestamp,review_datetime_utc,review_likes\n"
        + "bakery paris,Le Pain,0x47e66e,ChIJ1,312,4.6,ChZDSUhNMG9n,Claire Martin,1059,Le pain était rassis.,"
        + "\"Bonjour Claire, merci.\",1791100000,10/04/2026 07:46:40,2,1791000000,10/03/2026 04:00:00,3\n"
        + "bakery paris,Le Pain,0x47e66e,ChIJ1,312,4.6,ChdDSUhNMG9n2,Ben Ito,1060,Great croissants,,,,5,1791200000,"
        + "10/05/2026 11:33:20,0\n");
    // A shop's export of one product's reviews: `name` is the product's, the same on every row.
    StringBuilder oneProduct = new StringBuilder("name,review_date,rating,review_text\n");
    for (int i = 1; i <= 12; i++) {
      oneProduct.append("Echo Dot,2026-10-").append(String.format("%02d", i)).append(",").append(i % 5 + 1)
          .append(",\"The Echo Dot stopped after ").append(i).append(" days\"\n");
    }
    Files.writeString(dir.resolve("one-product.csv"), oneProduct);
    // Saved by pandas from columns with gaps: whole numbers as floats (ids, accounts, a parent's id, times).
    Files.writeString(dir.resolve("pandas-floats.csv"), "review_id,account,created_utc,rating,text,parent\n"
        + "1.0,10952.0,1791000000.0,4.0,Fine,\n2.0,,1791100000.0,2.0,Bad,1.0\n3.5,10953,1791200000.0,5.0,Good,\n");
    // CFPB's complaints.json download: the API's field names (cfpb.github.io/ccdb5-api), dates with their
    // offset; a complaint published without its narrative.
    Files.writeString(dir.resolve("complaints.json"), """
        [{"product": "Credit card", "complaint_what_happened": "They charged me twice and refused a refund.",
          "date_sent_to_company": "2026-10-03T12:00:00-05:00", "issue": "Problem with a purchase", "zip_code": "100XX",
          "tags": null, "complaint_id": "9123456", "timely": "Yes", "company_response": "Closed with monetary relief",
          "submitted_via": "Web", "company": "Card Co", "date_received": "2026-10-02T12:00:00-05:00", "state": "NY",
          "consumer_disputed": "N/A", "company_public_response": null, "sub_issue": null},
         {"product": "Mortgage", "complaint_what_happened": "", "date_sent_to_company": "2026-10-04T12:00:00-05:00",
          "issue": "Trouble during payment process", "complaint_id": "9123457", "timely": "Yes",
          "company_response": "In progress", "submitted_via": "Phone", "company": "Example Bank",
          "date_received": "2026-10-04T12:00:00-05:00", "state": "CA", "consumer_disputed": "N/A"}]
        """);
    Files.writeString(dir.resolve("chatgpt.csv"), "Review Id,Review,Ratings,Review Date\n"
        + "6a8d1c2e-0001,Helpful for my studies,5,2026-10-11 09:45:09\n6a8d1c2e-0002,Logs me out all the time,2,"
        + "2026-10-12 18:02:44\n");
    Files.writeString(dir.resolve("DisneylandReviews.csv"), "Review_ID,Rating,Year_Month,Reviewer_Location,"
        + "Review_Text,Branch\n670772142,4,2026-9,Australia,Crowded but fun,Disneyland_HongKong\n"
        + "670682799,2,2026-10,Philippines,Queues of two hours,Disneyland_HongKong\n"
        + "670623270,5,missing,United Arab Emirates,Magical,Disneyland_HongKong\n");
    // Steam's store API (appreviews/<app>?json=1) saved as it answers, on one line: the reviews in a
    // wrapper, times as epoch seconds named timestamp_created, languages by name, the author an object.
    Files.writeString(dir.resolve("steam.json"), "{\"success\":1,\"query_summary\":{\"num_reviews\":2},"
        + "\"reviews\":[{\"recommendationid\":\"150000001\",\"author\":{\"steamid\":\"76561198000000001\","
        + "\"playtime_forever\":1200},\"language\":\"english\",\"review\":\"Crashes every hour\","
        + "\"timestamp_created\":1791194400,\"timestamp_updated\":1791280800,\"voted_up\":false,\"votes_up\":3},"
        + "{\"recommendationid\":\"150000002\",\"author\":{\"steamid\":\"76561198000000002\","
        + "\"playtime_forever\":30},\"language\":\"schinese\",\"review\":\"很好玩\","
        + "\"timestamp_created\":1791280800,\"timestamp_updated\":1791280800,\"voted_up\":true,\"votes_up\":0}],"
        + "\"cursor\":\"AoJ4\"}");
    // Reddit comments as Pushshift dumps them (JSON lines): a score of votes, not a rating; times in
    // created_utc. And reviews scraped from Trustpilot's pages: "Rated 4 out of 5 stars".
    Files.writeString(dir.resolve("reddit.jsonl"), """
        {"id": "k0x9a", "author": "user_0", "body": "This bank froze my card again", "created_utc": 1791194400, "score": -3, "subreddit": "personalfinance"}
        {"id": "k1x9a", "author": "user_1", "body": "Switched banks, much better", "created_utc": 1791280800, "score": 2345, "subreddit": "personalfinance"}
        """);
    Files.writeString(dir.resolve("trustpilot-scrape.csv"), "Author,Country,Date,Rating,Title,Review,Reply\n"
        + "Anna K,GB,2026-10-05T12:00:00.000Z,Rated 1 out of 5 stars,Never again,Parcel lost twice,\"Hi Anna, sorry\"\n"
        + "Tom B,US,2026-10-06T12:00:00.000Z,Rated 5 out of 5 stars,Great,Fast delivery,\n");
    // The same exports downloaded compressed: gzip, as CFPB, Amazon and most bulk downloads come.
    gzip(dir.resolve("shop-us.csv"), dir.resolve("shop-us.csv.gz"));
    gzip(dir.resolve("app-reviews.jsonl"), dir.resolve("app-reviews.jsonl.gz"));
    // And as a Kaggle download: a zip archive holding the file (and a folder entry beside it).
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(
        Files.newOutputStream(dir.resolve("archive.zip")))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("data/"));
      zip.closeEntry();
      zip.putNextEntry(new java.util.zip.ZipEntry("data/shop-us.csv"));
      Files.copy(dir.resolve("shop-us.csv"), zip);
      zip.closeEntry();
    }
    // A spreadsheet saved as CSV by an Excel whose decimal mark is the comma: semicolons, decimal commas.
    Files.writeString(dir.resolve("excel-semicolon.csv"), "Nr;Datum;Score;Opmerking\r\n"
        + "1;2026-10-02;4,5;\"Snel geleverd; prima\"\r\n2;2026-10-03;2;Te laat, en beschadigd\r\n");
    // The same saved by Excel on Windows: Windows-1252, which the catalog does not say.
    Files.write(dir.resolve("excel-1252.csv"), ("Nr;Datum;Opmerking\r\n1;2026-10-04;Très bien, café à 9h\r\n"
        + "2;2026-10-05;Geen reactie, één ster\r\n3;2026-10-06;Prima\r\n").getBytes(java.nio.charset.Charset.forName("windows-1252")));
    // Shop review apps' exports (column names from the apps' export documentation and public import
    // templates; values made up): Judge.me's CSV (review_date with UTC, the product's numeric id, a
    // reply), Shopify Product Reviews' CSV, WooCommerce's REST response (HTML in the review) and Yotpo's.
    Files.writeString(dir.resolve("judgeme.csv"), """
        title,body,rating,review_date,source,curated,reviewer_name,reviewer_email,product_id,product_handle,reply,\
        reply_date,picture_urls,ip_address,location
        Broke in a week,The strap snapped after seven days.,1,2026-10-03 14:22:10 UTC,web,ok,Maria Gomez,\
        maria@example.com,7001234567,leather-strap,"Hi Maria, sorry to hear that!",2026-10-04 09:00:00 UTC,,203.0.113.5,ES
        Love it,Fits perfectly,5,2026-10-05 08:01:00 UTC,email,ok,Tom B.,tom@example.com,7001234567,leather-strap,,,,,US
        """);
    // Judge.me's API response (GET /reviews): the reviewer an object with its id, name and e-mail.
    Files.writeString(dir.resolve("judgeme-api.json"), """
        {"current_page":1,"per_page":10,"reviews":[{"id":1234567,"title":"Broke in a week","body":"Maria here: it \
        snapped.","rating":1,"product_external_id":7001234567,"product_title":"Leather strap","reviewer":{"id":98,\
        "email":"maria@example.com","name":"Maria Gomez","phone":null},"created_at":"2026-10-03T14:22:10.000+02:00"},\
        {"id":1234568,"title":"Love it","body":"Fits","rating":5,"product_external_id":7001234567,"product_title":\
        "Leather strap","reviewer":{"id":99,"email":"tom@example.com","name":"Tom B.","phone":null},\
        "created_at":"2026-10-05T08:01:00.000+02:00"}]}
        """);
    Files.writeString(dir.resolve("shopify-reviews.csv"), """
        product_handle,state,rating,title,author,email,location,body,reply,created_at,replied_at
        leather-strap,published,2,Meh,Ann Lee,ann@example.com,"Leeds, UK","Colour faded quickly",,2026-10-02 10:11:12 -0400,
        leather-strap,published,5,Great,Bo Ek,bo@example.com,,As pictured,Thanks Bo!,2026-10-06 10:11:12 -0400,\
        2026-10-07 09:00:00 -0400
        """);
    Files.writeString(dir.resolve("woocommerce.json"), """
        [{"id":22,"date_created":"2026-10-03T11:05:00","date_created_gmt":"2026-10-03T09:05:00","product_id":96,\
        "product_name":"Leather strap","status":"approved","reviewer":"John Doe","reviewer_email":"john@example.com",\
        "review":"<p>Nice, but shipping took <strong>three weeks</strong> &amp; more.</p>\\n","rating":3,"verified":false},
        {"id":23,"date_created":"2026-10-04T11:05:00","date_created_gmt":"2026-10-04T09:05:00","product_id":96,\
        "product_name":"Leather strap","status":"approved","reviewer":"Jane Roe","reviewer_email":"jane@example.com",\
        "review":"<p>Perfect.</p><p>I &lt;3 it</p>","rating":5,"verified":true}]
        """);
    Files.writeString(dir.resolve("yotpo.csv"), """
        Review ID,Product ID,Product Title,Review Title,Review Content,Review Score,Review Date,Reviewer Display Name,\
        Reviewer Email,Published,Verified Buyer,Comment Content,Comment Created At
        310001,SKU-1,Leather strap,Disappointed,"Buckle broke, support slow",2,10/03/2026,Maria G.,maria@example.com,\
        true,true,"Sorry Maria, a new one is on its way",10/04/2026
        310002,SKU-1,Leather strap,Nice,Good quality for the price,4,10/05/2026,Tom B.,tom@example.com,true,false,,
        """);
    // WordPress's comments table as exported (phpMyAdmin, WP All Export): the review is comment_content.
    Files.writeString(dir.resolve("wp_comments.csv"), """
        comment_ID,comment_post_ID,comment_author,comment_author_email,comment_date,comment_date_gmt,comment_content,comment_approved,comment_type
        501,96,Lena Berg,lena@example.com,2026-10-03 11:05:00,2026-10-03 09:05:00,"Lena here: the strap broke after a week",1,review
        502,96,Tom B.,tom@example.com,2026-10-04 08:00:00,2026-10-04 06:00:00,Perfect fit,1,review
        """);
    // Kaggle exports as published (values made up): Amazon India's iPhone reviews (ratingScore,
    // reviewDescription, d-M-yyyy dates); Starbucks' reviews ("Reviewed Sept. 13, 2023", "No Rating
    // Available"); Uber's Play Store reviews with the company's reply (replyContent, repliedAt).
    Files.writeString(dir.resolve("iphone.csv"), """
        productAsin,country,date,isVerified,ratingScore,reviewTitle,reviewDescription,reviewUrl,reviewedIn,variant,variantAsin
        B09G9BL5CP,India,11-10-2026,True,4,No charger,Every thing is good but no charger in the box,https://www.amazon.in/gp/customer-reviews/R345,Reviewed in India on 11 October 2026,Colour: Midnight,B09G9BQS98
        B09G9BL5CP,India,16-10-2026,True,1,Worst phone,It heats up while charging,https://www.amazon.in/gp/customer-reviews/R1XD,Reviewed in India on 16 October 2026,Colour: Midnight,B09G9BQS98
        """);
    Files.writeString(dir.resolve("starbucks.csv"), """
        name,location,Date,Rating,Review,Image_Links
        Helen,"Wichita Falls, TX","Reviewed Sept. 13, 2026",5.0,Amber at the Starbucks on Parkway is always so warm,['No Images']
        Courtney,"Apopka, FL","Reviewed July 16, 2026",No Rating Available,Courtney here: the worst visit ever,['No Images']
        """);
    Files.writeString(dir.resolve("uber.csv"), """
        userName,userImage,content,score,thumbsUpCount,reviewCreatedVersion,at,replyContent,repliedAt,appVersion
        Devi Prasad,https://play-lh.googleusercontent.com/a/x,Driver cancelled twice and I was charged,1,0,4.556.10005,2026-10-18 17:17:19,"Hi Devi, we are sorry to hear that.",2026-10-18 18:00:00,4.556.10005
        Bo,https://play-lh.googleusercontent.com/a/y,Good,5,0,,2026-10-18 17:00:00,,,
        """);
    // Kaggle's Comcast Telecom Complaints: the complaint as its text, day-first dates with two-digit years.
    Files.writeString(dir.resolve("comcast.csv"), """
        Ticket #,Customer Complaint,Date,Date_month_year,Time,Received Via,City,State,Zip code,Status,Filing on Behalf of Someone
        250635,Comcast Cable Internet Speeds,22-04-15,22-Apr-15,3:53:50 PM,Customer Care Call,Abingdon,Maryland,21009,Closed,No
        223441,Payment disappear - service got disconnected,04-08-15,04-Aug-15,10:22:56 AM,Internet,Acworth,Georgia,30102,Closed,No
        """);
    // Names no preset lists: a hotel's guest, a passenger's first and last name (values made up).
    Files.writeString(dir.resolve("guests.csv"), """
        Booking Ref,Guest Name,Stay Date,Review,Rating
        B-1001,Helena Novak,2026-10-04,"Helena Novak here: the room was cold and nobody came",2
        B-1002,Omar Haddad,2026-10-06,Lovely staff,5
        """);
    Files.writeString(dir.resolve("passengers.csv"), """
        Ref,Passenger First Name,Passenger Last Name,Date,Comment
        P1,Ana,Silva,2026-10-04,"Dear airline, this is Ana Silva: my bag is lost"
        """);
    // Reddit: a comments dump as Pushshift and Arctic Shift write it (RC_ files, one object per line: `name`
    // on some lines only, created_utc an integer, a string or a float, a removed comment), a posts dump (RS_),
    // a listing the API answered (/r/{sub}/comments.json) saved as is, and a CSV of PRAW's fields as the
    // common scraping tutorial writes it (title, score, id, url, comms_num, created, body, timestamp).
    Files.createDirectories(dir.resolve("reddit-dumps"));
    Files.writeString(dir.resolve("reddit-dumps/RC_2026-10.jsonl"), """
        {"author":"quietfox","author_fullname":"t2_8x1abc","body":"Charged twice, quietfox here, no answer from support","controversiality":0,"created_utc":1790929800,"id":"lq3abc1","link_id":"t3_1fz9x0","name":"t1_lq3abc1","parent_id":"t3_1fz9x0","score":57,"subreddit":"examplebank"}
        {"author":"[deleted]","author_fullname":"t2_gone77","body":"[removed]","created_utc":"1790933400","id":"lq3abc2","link_id":"t3_1fz9x0","parent_id":"t1_lq3abc1","score":-4,"subreddit":"examplebank"}
        {"author":"ExampleBank_Support","body":"Sorry about that, please DM us.","created_utc":1790937000.0,"id":"lq3abc3","link_id":"t3_1fz9x0","parent_id":"t1_lq3abc1","score":-2,"subreddit":"examplebank"}
        """);
    Files.writeString(dir.resolve("reddit-dumps/RS_2026-10.jsonl"), """
        {"author":"mapleleaf","created_utc":1791000000,"id":"1fz9x0","name":"t3_1fz9x0","num_comments":41,"score":230,"selftext":"Anyone else locked out since the update?","subreddit":"examplebank","title":"Locked out of the app"}
        {"author":"[deleted]","created_utc":1791003600,"id":"1fz9x1","num_comments":0,"score":1,"selftext":"[removed]","subreddit":"examplebank","title":"Switching banks?"}
        """);
    Files.writeString(dir.resolve("reddit-listing.json"), """
        {"kind": "Listing", "data": {"after": "t1_lq9bbb", "dist": 2, "modhash": "", "children": [
          {"kind": "t1", "data": {"subreddit": "examplebank", "id": "lq9aaa", "author": "nora_k", "parent_id": "t3_1g0aaa",
            "score": 12, "body": "Fees went up again without notice.", "name": "t1_lq9aaa", "created_utc": 1791100000.0}},
          {"kind": "t1", "data": {"subreddit": "examplebank", "id": "lq9bbb", "author": "tom_r", "parent_id": "t1_lq9aaa",
            "score": 0, "body": "Same here, moving my savings.", "name": "t1_lq9bbb", "created_utc": 1791103600.0}}],
          "before": null}}
        """);
    // A thread as /r/{sub}/comments/{id}.json answers: the post's listing, then the comments', each
    // comment's replies a listing in its data.replies ("" without any), and a "more" stub.
    Files.writeString(dir.resolve("reddit-thread.json"), """
        [{"kind": "Listing", "data": {"after": null, "dist": 1, "children": [{"kind": "t3", "data": {"subreddit": "examplebank",
          "selftext": "Card blocked while abroad", "title": "Blocked", "name": "t3_1g2eee", "author": "op_user", "score": 40,
          "id": "1g2eee", "created_utc": 1791300000.0, "num_comments": 4}}], "before": null}},
         {"kind": "Listing", "data": {"after": null, "children": [
          {"kind": "t1", "data": {"subreddit": "examplebank", "body": "Same, two days now", "author": "second_user", "score": 5,
            "id": "lr1", "name": "t1_lr1", "parent_id": "t3_1g2eee", "created_utc": 1791300600.0, "edited": false, "replies":
            {"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {"subreddit": "examplebank",
              "body": "Did they refund the fees?", "author": "third_user", "score": 2, "id": "lr2", "name": "t1_lr2",
              "parent_id": "t1_lr1", "created_utc": 1791301200.0, "edited": 1791301300.0, "replies": {"kind": "Listing",
              "data": {"children": [{"kind": "t1", "data": {"subreddit": "examplebank", "body": "No, not yet",
                "author": "second_user", "score": 1, "id": "lr3", "name": "t1_lr3", "parent_id": "t1_lr2",
                "created_utc": 1791301800.0, "replies": ""}}]}}}}]}}}},
          {"kind": "t1", "data": {"subreddit": "examplebank", "body": "Mine works fine", "author": "fourth_user", "score": 0,
            "id": "lr4", "name": "t1_lr4", "parent_id": "t3_1g2eee", "created_utc": 1791302400.0, "replies": ""}},
          {"kind": "more", "data": {"count": 3, "name": "t1_lr9", "id": "lr9", "parent_id": "t3_1g2eee", "depth": 0,
            "children": ["lr9", "lr10", "lr11"]}}], "before": null}}]
        """);
    // YouTube: a commentThreads.list answer as the Data API documents it (textDisplay HTML, textOriginal
    // only for the author, replies in replies.comments), and youtube-comment-downloader's JSON lines
    // (fields as its downloader.py writes them; values made up).
    Files.writeString(dir.resolve("youtube-threads.json"), """
        {"kind": "youtube#commentThreadListResponse", "etag": "e0", "nextPageToken": "QURTSl9p",
         "pageInfo": {"totalResults": 2, "resultsPerPage": 20}, "items": [
          {"kind": "youtube#commentThread", "etag": "e1", "id": "UgzAAA", "snippet": {"channelId": "UCacme", "videoId": "vid01",
            "topLevelComment": {"kind": "youtube#comment", "etag": "e2", "id": "UgzAAA", "snippet": {"channelId": "UCacme",
              "videoId": "vid01", "textDisplay": "The update broke login<br>again &amp; again", "authorDisplayName": "@jane_v",
              "authorProfileImageUrl": "https://yt3.ggpht.com/x", "authorChannelUrl": "http://www.youtube.com/@jane_v",
              "authorChannelId": {"value": "UCjane"}, "canRate": true, "viewerRating": "none", "likeCount": 14,
              "publishedAt": "2026-10-07T08:00:00Z", "updatedAt": "2026-10-07T08:00:00Z"}},
            "canReply": true, "totalReplyCount": 1, "isPublic": true},
           "replies": {"comments": [{"kind": "youtube#comment", "etag": "e3", "id": "UgzAAA.9zReply1", "snippet": {
             "channelId": "UCacme", "videoId": "vid01", "textDisplay": "Sorry @jane_v, a fix ships today",
             "parentId": "UgzAAA", "authorDisplayName": "@AcmeSupport", "authorChannelId": {"value": "UCacme"},
             "likeCount": 2, "publishedAt": "2026-10-07T09:30:00Z", "updatedAt": "2026-10-07T09:30:00Z"}}]}},
          {"kind": "youtube#commentThread", "etag": "e4", "id": "UgzBBB", "snippet": {"channelId": "UCacme", "videoId": "vid01",
            "topLevelComment": {"kind": "youtube#comment", "etag": "e5", "id": "UgzBBB", "snippet": {"channelId": "UCacme",
              "videoId": "vid01", "textDisplay": "Works great for me", "authorDisplayName": "@sam",
              "authorChannelId": {"value": "UCsam"}, "likeCount": 0, "publishedAt": "2026-10-08T10:00:00Z",
              "updatedAt": "2026-10-08T10:00:00Z"}}, "canReply": true, "totalReplyCount": 0, "isPublic": true}}]}
        """);
    Files.writeString(dir.resolve("youtube-downloader.jsonl"), """
        {"cid": "UgyCCC", "text": "Third time the app crashed today", "time": "2 days ago", "author": "@kim_l", "channel": "UCkim", "votes": "1.2K", "replies": "1", "photo": "https://yt3.ggpht.com/y", "heart": false, "reply": false, "time_parsed": 1791360000.123}
        {"cid": "UgyCCC.9zReply2", "text": "@kim_l same here", "time": "1 day ago (edited)", "author": "@lee", "channel": "UClee", "votes": "3", "replies": "", "photo": "https://yt3.ggpht.com/z", "heart": false, "reply": true, "time_parsed": 1791446400.5}
        """);
    // Facebook Page comments (GET /{post-id}/comments with fields message, created_time, from, like_count and
    // comments{...}: replies nested, no parent field asked for) and Instagram media comments (text, timestamp,
    // username, from{}, replies{data} with parent_id), as the Graph API documents them; values made up.
    Files.writeString(dir.resolve("facebook-comments.json"), """
        {"data": [{"created_time": "2026-10-09T10:00:00+0000", "from": {"name": "Marta Kowalczyk", "id": "3141"},
          "message": "Still no refund, Marta Kowalczyk, order 778", "id": "101_201", "like_count": 4,
          "comments": {"data": [{"created_time": "2026-10-09T11:00:00+0000", "from": {"name": "Acme", "id": "101"},
            "message": "Hi Marta, we are on it", "id": "101_202", "like_count": 0}],
            "paging": {"cursors": {"before": "QVFI", "after": "QVFI"}}}},
          {"created_time": "2026-10-10T08:00:00+0000", "from": {"name": "Ola Nowak", "id": "2718"},
           "message": "Fast delivery this time", "id": "101_203", "like_count": 1}],
         "paging": {"cursors": {"before": "QVFIa", "after": "QVFIb"}}}
        """);
    Files.writeString(dir.resolve("instagram-comments.json"), """
        {"data": [{"timestamp": "2026-10-11T09:00:00+0000", "text": "@acme_shop where is my parcel?", "id": "17895695668004550",
          "username": "parcel_waiter", "from": {"id": "17841400", "username": "parcel_waiter"}, "like_count": 2, "hidden": false,
          "replies": {"data": [{"timestamp": "2026-10-11T09:30:00+0000", "text": "@parcel_waiter sent you a DM",
            "id": "17870913679156914", "username": "acme_shop", "from": {"id": "17841499", "username": "acme_shop"},
            "like_count": 0, "hidden": false, "parent_id": "17895695668004550"}]}}],
         "paging": {"cursors": {"after": "QVFIUm"}}}
        """);
    Files.writeString(dir.resolve("reddit-praw.csv"), "title,score,id,url,comms_num,created,body,timestamp\n"
        + "\"Card declined abroad, no warning\",88,1g1ccc,https://www.reddit.com/r/examplebank/comments/1g1ccc/,14,"
        + "1791200000.0,\"Called three times, still blocked.\",2026-10-05 11:33:20\n"
        + "Love the new savings feature,15,1g1ddd,https://www.reddit.com/r/examplebank/comments/1g1ddd/,2,1791286400.0,,"
        + "2026-10-06 11:33:20\n");
    Files.writeString(dir.resolve("catalog.yaml"), """
        sources:
          - {name: play_utf16, preset: google_play_reviews, path: play-utf16/*.csv}
          - {name: play_utf8, preset: google_play_reviews, path: play-utf8/*.csv}
          - {name: cfpb_2016, preset: cfpb_complaints, path: cfpb2016.csv}
          - {name: cfpb_json, preset: cfpb_complaints, path: complaints.json}
          - name: monkey
            preset: surveymonkey_csv
            path: surveymonkey.csv
            mapping: {nps: "How likely are you to recommend us? - Response", text: "Why? - Open-Ended Response"}
          - {name: trustpilot, preset: trustpilot_reviews, path: trustpilot.json}
          - name: google
            preset: google_reviews
            path: google.json
            mapping: {rating: null}
          - {name: tripadvisor_api, preset: generic_reviews, path: tripadvisor-api.json}
          - {name: yelp_fusion, preset: yelp_reviews, path: yelp-fusion.json}
          - {name: delighted, preset: delighted_responses, path: delighted.json}
          - {name: delighted_plain, preset: delighted_responses, path: delighted-plain.jsonl}
          - {name: reddit_comments, preset: reddit, path: reddit-dumps/RC_*.jsonl}
          - {name: reddit_posts, preset: reddit, path: reddit-dumps/RS_*.jsonl}
          - {name: reddit_listing, preset: reddit, path: reddit-listing.json}
          - {name: reddit_thread, preset: reddit, path: reddit-thread.json}
          - {name: youtube_api, preset: youtube_comments, path: youtube-threads.json, public_handles: ["@AcmeSupport"]}
          - {name: youtube_downloader, preset: youtube_comments, path: youtube-downloader.jsonl}
          - name: facebook
            preset: meta_comments
            path: facebook-comments.json
            mapping: {from_company: {expr: "from.id = '101'"}}   # the page's own id: its replies are the company's
          - {name: instagram, preset: meta_comments, path: instagram-comments.json, public_handles: ["@acme_shop"]}
          - {name: reddit_praw, preset: reddit, path: reddit-praw.csv}
          - {name: google_unanswered, preset: google_reviews, path: google-unanswered.json}
          - {name: trustpilot_unanswered, preset: trustpilot_reviews, path: trustpilot-unanswered.json}
          - {name: zendesk_view, preset: zendesk_tickets, path: zendesk-view.csv}
          - {name: freshdesk_picked, preset: freshdesk_tickets, path: freshdesk-picked.csv}
          - {name: zendesk, preset: zendesk_tickets, path: zendesk.csv, timezone: Europe/Brussels}
          - {name: freshdesk, preset: freshdesk_tickets, path: freshdesk.csv}
          - {name: freshservice, preset: freshdesk_tickets, path: freshservice.csv}
          - {name: appstore, preset: app_store_reviews, path: appstore.json}
          - {name: scraper, preset: google_play_scraper, path: scraper/pandas.csv}
          - {name: scraper_excel, preset: google_play_scraper, path: scraper-excel.csv}
          - {name: scraper_json, preset: google_play_scraper, path: scraper.json}
          - {name: amazon_2014, preset: amazon_reviews, path: amazon2014.json}
          - {name: amazon_2018, preset: amazon_reviews, path: amazon2018.json}
          - {name: amazon_fine_food, preset: amazon_reviews, path: Reviews.csv}
          - {name: twcs, preset: twitter_customer_support, path: twcs.csv}
          - {name: booking, preset: booking_hotel_reviews, path: Hotel_Reviews.csv}
          - {name: tweets_v2, preset: twitter_api, path: tweets-v2.json, public_handles: ["@Acme"]}
          - {name: tweets_v1, preset: twitter_api, path: tweets-v1.jsonl}
          - {name: hubspot, preset: support_tickets, path: hubspot-tickets.csv}
          - {name: salesforce, preset: support_tickets, path: salesforce-cases.csv}
          - {name: airline_tweets, preset: generic_reviews, path: Tweets.csv, channel: social_media}
          - {name: shop_eu, preset: generic_reviews, path: shop-eu.csv}
          - {name: shop_us, preset: generic_reviews, path: shop-us.csv}
          - {name: app_reviews, preset: generic_reviews, path: app-reviews.jsonl}
          - {name: shop_us_gz, preset: generic_reviews, path: shop-us.csv.gz}
          - {name: app_reviews_gz, preset: generic_reviews, path: app-reviews.jsonl.gz}
          - {name: shop_us_zip, preset: generic_reviews, path: archive.zip}
          - {name: amazon_generic, preset: generic_reviews, path: amazon2014.json}
          - {name: tweets_v1_generic, preset: generic_reviews, path: tweets-v1.jsonl, channel: social_media}
          - {name: mails_generic, preset: generic_reviews, path: mails.csv, channel: support}
          - {name: maps_generic, preset: generic_reviews, path: maps-scraped.csv}
          - {name: times_de, preset: generic_reviews, path: times-de.csv}
          - {name: times_uk, preset: generic_reviews, path: times-uk.csv}
          - {name: times_worded, preset: generic_reviews, path: times-worded.csv}
          - {name: times_experience, preset: generic_reviews, path: times-experience.csv}
          - {name: times_us, preset: generic_reviews, path: times-us.csv}
          - {name: times_ymd, preset: generic_reviews, path: times-ymd.csv}
          - {name: times_compact, preset: generic_reviews, path: times-compact.csv}
          - {name: datafiniti, preset: generic_reviews, path: datafiniti.csv}
          - {name: spotify, preset: generic_reviews, path: spotify.csv}
          - {name: chatgpt, preset: generic_reviews, path: chatgpt.csv}
          - {name: airbnb, preset: generic_reviews, path: airbnb-reviews.csv}
          - name: pandas_floats
            preset: generic_reviews
            path: pandas-floats.csv
            mapping: {account_id: account, in_reply_to: parent}
          - {name: one_product, preset: generic_reviews, path: one-product.csv}
          - {name: app_store_scraper, preset: generic_reviews, path: app-store-scraper.json}
          - {name: outscraper, preset: generic_reviews, path: outscraper.csv}
          - name: play_kaggle
            preset: generic_reviews
            path: googleplaystore_user_reviews.csv
            mapping: {event_ts: {const: "2026-10-01"}}
          - {name: disneyland, preset: generic_reviews, path: DisneylandReviews.csv}
          - {name: steam, preset: generic_reviews, path: steam.json}
          - {name: reddit, preset: generic_reviews, path: reddit.jsonl, channel: social_media}
          - {name: iphone, preset: generic_reviews, path: iphone.csv}
          - {name: starbucks, preset: generic_reviews, path: starbucks.csv}
          - {name: uber, preset: generic_reviews, path: uber.csv}
          - {name: comcast, preset: generic_reviews, path: comcast.csv, channel: complaint}
          - {name: trustpilot_scrape, preset: generic_reviews, path: trustpilot-scrape.csv}
          - {name: judgeme, preset: generic_reviews, path: judgeme.csv}
          - {name: shopify_reviews, preset: generic_reviews, path: shopify-reviews.csv}
          - {name: judgeme_api, preset: generic_reviews, path: judgeme-api.json}
          - {name: woocommerce, preset: generic_reviews, path: woocommerce.json}
          - {name: yotpo, preset: generic_reviews, path: yotpo.csv}
          - {name: guests, preset: generic_reviews, path: guests.csv}
          - {name: wp_comments, preset: generic_reviews, path: wp_comments.csv}
          - {name: passengers, path: passengers.csv, format: csv, channel: review_site,
             mapping: {id: Ref, event_ts: Date, text: Comment}}
          - name: excel_semicolon
            path: excel-semicolon.csv
            format: csv
            channel: survey
            rating_scale: [1, 5]
            mapping: {id: Nr, event_ts: Datum, rating: {expr: "try_cast(replace(Score, ',', '.') AS DOUBLE)"}, text: Opmerking}
          - {name: excel_1252, path: excel-1252.csv, format: csv, channel: survey, mapping: {id: Nr, event_ts: Datum, text: Opmerking}}
        """);
    run = IngestJob.run(new JobContext(SparkTestSession.get(), dir.resolve("out").toString(),
        Months.parse("2026-10"), SparkTestSession.config()),
        SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration()), Privacy.withKey("k"),
        MonthRange.upTo("2026-10"));
    feedback = SparkTestSession.table(dir.resolve("out"), Table.FEEDBACK).cache();
  }

  private static void gzip(Path from, Path to) throws java.io.IOException {
    try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(to))) {
      Files.copy(from, out);
    }
  }

  private static byte[] withBom(String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
    byte[] all = new byte[body.length + 2];
    all[0] = (byte) 0xFF;
    all[1] = (byte) 0xFE;
    System.arraycopy(body, 0, all, 2, body.length);
    return all;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> counts(String source) {
    return (Map<String, Object>) ((Map<String, Object>) run.details.get("sources")).get(source);
  }

  /** The rows' event times as ISO instants, in their order. */
  private static List<String> times(List<Row> rows) {
    return rows.stream().map(r -> r.<java.sql.Timestamp>getAs("event_ts").toInstant().toString()).toList();
  }

  private static List<Row> rows(String source) {
    return feedback.where(col("source").equalTo(source)).orderBy("event_ts").collectAsList();
  }

  @Test
  void everyPresetReadsEveryRowOfItsVendorsShapes() {
    for (String source : List.of("play_utf16", "play_utf8", "cfpb_2016", "cfpb_json", "monkey", "trustpilot", "google",
        "zendesk", "freshdesk", "freshservice", "appstore", "scraper", "scraper_excel", "scraper_json", "amazon_2014",
        "amazon_2018", "amazon_fine_food", "twcs", "booking", "tweets_v2", "tweets_v1", "hubspot", "salesforce", "excel_semicolon", "excel_1252", "airline_tweets", "shop_eu", "shop_us", "app_reviews", "shop_us_gz", "app_reviews_gz", "shop_us_zip", "amazon_generic",
        "tweets_v1_generic", "mails_generic", "maps_generic", "times_de", "times_uk", "times_us", "datafiniti",
        "spotify", "chatgpt", "airbnb", "app_store_scraper", "outscraper", "one_product", "pandas_floats", "steam", "reddit", "trustpilot_scrape", "times_ymd", "times_compact",
        "judgeme", "shopify_reviews", "woocommerce", "yotpo", "judgeme_api")) {
      assertThat(counts(source).get("quarantined")).as(source).isEqualTo(0L);
    }
    assertThat(rows("play_utf16")).hasSize(2);
    assertThat(rows("cfpb_2016")).hasSize(2);
    assertThat(rows("monkey")).hasSize(1);
    assertThat(rows("trustpilot")).hasSize(2);
    assertThat(rows("google")).hasSize(1);
    assertThat(rows("zendesk")).hasSize(3);
    assertThat(rows("freshdesk")).hasSize(2);
    assertThat(rows("freshservice")).hasSize(1);
    assertThat(rows("appstore")).hasSize(2);
    assertThat(rows("scraper")).hasSize(2);
    assertThat(rows("scraper_excel")).hasSize(1);
    assertThat(rows("scraper_json")).hasSize(1);
    assertThat(rows("amazon_2014")).hasSize(1);
    assertThat(rows("amazon_2018")).hasSize(2);
    assertThat(rows("excel_semicolon")).hasSize(2);
  }

  @Test
  void aCsvWithoutADeclaredDelimiterIsReadWithTheOneItsHeaderUses() {
    List<Row> excel = rows("excel_semicolon");
    assertThat(excel).extracting(r -> r.<String>getAs("text"))
        .containsExactly("Snel geleverd; prima", "Te laat, en beschadigd");
    assertThat(excel).extracting(r -> r.<Double>getAs("rating")).containsExactly(4.5, 2.0);
    // Nor an encoding: bytes that are not UTF-8 in several places, and no UTF-8 character, are Windows-1252.
    assertThat(rows("excel_1252")).extracting(r -> r.<String>getAs("text"))
        .containsExactly("Très bien, café à 9h", "Geen reactie, één ster", "Prima");
  }

  @Test
  void amazonReviewsOf2014And2018() {
    Row old = rows("amazon_2014").get(0);
    assertThat(old.<java.sql.Timestamp>getAs("event_ts").toInstant().toString()).isEqualTo("2026-10-03T04:00:00Z");
    assertThat(old.<Double>getAs("rating")).isEqualTo(4.0);
    // A book's ASIN (its ISBN, ten digits) is kept as the subject, not masked as a phone number.
    assertThat(old.<String>getAs("subject")).isEqualTo("asin_0000013714");
    assertThat(old.<Long>getAs("reach")).isEqualTo(2L);
    assertThat(old.<String>getAs("text")).startsWith("Small print. Bought it for my husband").doesNotContain("McDonald");
    List<Row> newer = rows("amazon_2018");
    assertThat(times(newer)).containsExactly("2026-10-04T07:46:40Z", "2026-10-05T11:33:20Z");
    assertThat(newer).extracting(r -> r.<Long>getAs("reach")).containsExactly(1234L, null);
    assertThat(newer).extracting(r -> r.<String>getAs("text")).containsExactly("Broken. Arrived broken", "Good. Fine");
    assertThat(newer).extracting(r -> r.<String>getAs("customer_key")).doesNotContainNull().doesNotContain("A1X", "A2Y");
    List<Row> food = rows("amazon_fine_food");
    assertThat(times(food)).containsExactly("2026-10-03T04:00:00Z", "2026-10-04T04:00:00Z");
    assertThat(food).extracting(r -> r.<Double>getAs("rating")).containsExactly(5.0, 1.0);
    assertThat(food).extracting(r -> r.<Long>getAs("reach")).containsExactly(1L, 0L);
    assertThat(food).extracting(r -> r.<String>getAs("subject")).containsExactly("asin_B001E4KFG0", "asin_B00813GRG4");
    assertThat(food.get(0).<String>getAs("text")).startsWith("Good Quality Dog Food. I have bought several")
        .doesNotContain("delmartian");
    assertThat(food.get(1).<String>getAs("text")).endsWith("\"unsalted\" in fact");
  }

  @Test
  void tweetsOfTheV2AndV1Apis() {
    Row v2 = rows("tweets_v2").get(0);
    assertThat(v2.<java.sql.Timestamp>getAs("event_ts").toInstant().toString()).isEqualTo("2026-10-06T09:30:00Z");
    assertThat(v2.<Long>getAs("reach")).isEqualTo(812L);
    assertThat(v2.<String>getAs("reach_basis")).isEqualTo("views");
    assertThat(v2.<String>getAs("text")).isEqualTo("@Acme my order never came");
    Row v1 = rows("tweets_v1").get(0);
    assertThat(v1.<java.sql.Timestamp>getAs("event_ts").toInstant().toString()).isEqualTo("2026-10-06T08:15:00Z");
    assertThat(v1.<Long>getAs("reach")).isEqualTo(321L);
    assertThat(v1.<String>getAs("reach_basis")).isEqualTo("followers");
    assertThat(v1.<String>getAs("language")).isEqualTo("en");
    // The brand's handle kept where the source lists it as public (v2), masked where not (v1).
    assertThat(v1.<String>getAs("text")).isEqualTo("Thanks @[user], [name] here: refund arrived");
    assertThat(v1.<String>getAs("customer_key")).isNotNull().isNotEqualTo("6253282");
  }

  @Test
  void hubspotTicketsAndSalesforceCasesByTheGenericTicketPreset() {
    List<Row> hubspot = rows("hubspot");
    assertThat(times(hubspot)).containsExactly("2026-10-05T09:12:00Z", "2026-10-06T11:00:00Z");
    assertThat(hubspot).extracting(r -> r.<Boolean>getAs("resolved")).containsExactly(true, false);
    assertThat(hubspot.get(0).<String>getAs("text")).isEqualTo("Cannot log in since the update, from [phone]");
    assertThat(hubspot).extracting(r -> r.<String>getAs("account_id")).containsOnlyNulls();
    Row sf = rows("salesforce").get(0);
    assertThat(sf.<java.sql.Timestamp>getAs("event_ts").toInstant().toString()).isEqualTo("2026-10-07T09:15:00Z");
    assertThat(sf.<java.sql.Timestamp>getAs("resolved_ts").toInstant().toString()).isEqualTo("2026-10-08T14:05:00Z");
    assertThat(sf.<String>getAs("text")).isEqualTo("Delivered with a broken hinge, please call [name]");
    assertThat(sf.<String>getAs("customer_key")).isNotNull().doesNotContain("Solberg");
    assertThat(sf.<String>getAs("account_id")).as("an account's name is no id: it may be a person's").isNull();
  }

  @Test
  void bookingHotelReviewsWithTheirLikedAndDislikedParts() {
    List<Row> booking = rows("booking");
    assertThat(times(booking)).containsExactly("2026-10-03T00:00:00Z", "2026-10-04T00:00:00Z");
    assertThat(booking).extracting(r -> r.<String>getAs("text"))
        .containsExactly("Only the park outside. Room was dirty and noisy", "Great location and staff");
    assertThat(booking).extracting(r -> r.<Double>getAs("rating")).containsExactly(2.9, 9.6);
    assertThat(booking).extracting(r -> r.<String>getAs("subject")).containsOnly("Hotel Arena");
  }

  @Test
  void customerSupportOnTwitterAsKagglePublishedIt() {
    List<Row> tweets = rows("twcs");
    assertThat(times(tweets)).containsExactly("2026-10-03T10:00:00Z", "2026-10-03T10:20:00Z", "2026-10-03T11:00:00Z");
    assertThat(tweets).extracting(r -> r.<Boolean>getAs("from_company")).containsExactly(false, true, false);
    // The answer points at the customer's tweet (its id hashed like every id), whatever pandas made of it.
    assertThat(tweets.get(1).<String>getAs("in_reply_to")).isEqualTo(tweets.get(0).<String>getAs("feedback_id"));
    assertThat(tweets.get(0).<String>getAs("channel")).isEqualTo("support");
  }

  @Test
  void googlePlayScraperAsPandasWroteItAsExcelResavedItAndAsJson() {
    List<Row> csv = rows("scraper");
    assertThat(times(csv)).containsExactly("2026-10-11T15:42:10Z", "2026-10-12T08:00:00Z");
    assertThat(csv).extracting(r -> r.<Double>getAs("rating")).containsExactly(1.0, 5.0);
    assertThat(csv).extracting(r -> r.<Long>getAs("reach")).containsExactly(3L, 0L);
    // The reviewer's name is masked where the text and the developer's reply use it, and is no key.
    assertThat(csv.get(0).<String>getAs("text")).isEqualTo("Freezes at login, [name]");
    assertThat(csv.get(0).<String>getAs("response_text")).isEqualTo("Hi [name], sorry about that.");
    assertThat(csv.get(0).<java.sql.Timestamp>getAs("response_ts").toInstant().toString())
        .isEqualTo("2026-10-12T09:00:00Z");
    assertThat(csv.get(0).<String>getAs("customer_key")).isNotNull().doesNotContain("Musa");
    // "A Google user" names nobody: no customer, rather than one customer for every such review.
    assertThat(csv.get(1).<String>getAs("customer_key")).isNull();
    Row excel = rows("scraper_excel").get(0);
    assertThat(excel.<java.sql.Timestamp>getAs("event_ts").toInstant().toString()).isEqualTo("2026-10-13T09:05:00Z");
    assertThat(excel.<String>getAs("text")).isEqualTo("Slow since the update");
    Row json = rows("scraper_json").get(0);
    assertThat(json.<java.sql.Timestamp>getAs("event_ts").toInstant().toString()).isEqualTo("2026-10-14T17:46:40Z");
    assertThat(json.<Double>getAs("rating")).isEqualTo(5.0);
  }

  @Test
  void appStoreReviewsFromTheConnectApiResponse() {
    List<Row> a = rows("appstore");
    assertThat(times(a)).containsExactly("2026-10-09T17:00:00Z", "2026-10-10T06:00:00Z");
    assertThat(a).extracting(r -> r.<Double>getAs("rating")).containsExactly(2.0, 5.0);
    assertThat(a.get(0).<String>getAs("text")).isEqualTo("Crashes. Crashes on login since 5.1");
    assertThat(a).extracting(r -> r.<String>getAs("customer_key")).doesNotContainNull().doesNotContain("mjansen", "kim");
  }

  @Test
  void freshdeskAndFreshserviceTicketsWithTheirFirstResponseAndSurvey() {
    List<Row> fd = rows("freshdesk");
    assertThat(fd).extracting(r -> r.<String>getAs("text"))
        .containsExactly("Refund missing. [name] here, where is my refund?", "Thanks. All good now");
    assertThat(fd.get(0).<java.sql.Timestamp>getAs("response_ts").toInstant().toString()).isEqualTo("2026-10-02T10:15:00Z");
    assertThat(fd.get(0).<java.sql.Timestamp>getAs("resolved_ts").toInstant().toString()).isEqualTo("2026-10-02T15:00:00Z");
    assertThat(fd).extracting(r -> r.<Boolean>getAs("resolved")).containsExactly(true, false);
    assertThat(fd).extracting(r -> r.<String>getAs("sentiment_label")).containsExactly("negative", "positive");
    Row fs = rows("freshservice").get(0);
    assertThat(fs.<String>getAs("text")).isEqualTo("Laptop broken. Screen cracked");
    assertThat(fs.<java.sql.Timestamp>getAs("response_ts").toInstant().toString()).isEqualTo("2026-10-08T08:30:00Z");
    assertThat(fs.<Boolean>getAs("resolved")).isTrue();
    assertThat(fs.<String>getAs("sentiment_label")).isNull();
  }

  @Test
  void zendeskTicketsWithTheirFirstReplyResolutionAndSatisfaction() {
    List<Row> z = rows("zendesk");
    // Local times of the source's zone (Brussels, UTC+2 in early October) stored as UTC; an offset is kept.
    assertThat(times(z)).containsExactly("2026-10-02T07:00:00Z", "2026-10-05T12:30:00Z", "2026-10-07T06:00:00Z");
    // The first reply: creation plus Zendesk's "First reply time in minutes"; none for the unanswered one.
    assertThat(z).extracting(r -> r.<java.sql.Timestamp>getAs("response_ts") == null ? null
            : r.<java.sql.Timestamp>getAs("response_ts").toInstant().toString())
        .containsExactly("2026-10-02T08:30:00Z", null, "2026-10-07T06:30:00Z");
    assertThat(z).extracting(r -> r.<Boolean>getAs("resolved")).containsExactly(true, false, true);
    assertThat(z.get(0).<java.sql.Timestamp>getAs("resolved_ts").toInstant().toString()).isEqualTo("2026-10-03T08:00:00Z");
    // CSAT: Good and Bad are labels, Offered is none.
    assertThat(z).extracting(r -> r.<String>getAs("sentiment_label")).containsExactly("positive", "negative", null);
    // The subject is the text; the requester's name in it is masked, the e-mail pseudonymized.
    assertThat(z.get(0).<String>getAs("text")).isEqualTo("Double charge, [name]");
    assertThat(z).extracting(r -> r.<String>getAs("customer_key")).doesNotContainNull()
        .noneMatch(k -> k.contains("@"));
  }

  @Test
  void googlePlayInUtf16AndUtf8ReadsTheSame() {
    List<Row> utf16 = rows("play_utf16");
    List<Row> utf8 = rows("play_utf8");
    for (String column : List.of("text", "rating", "language", "response_text", "event_ts", "subject")) {
      assertThat(utf16).extracting(r -> (Object) r.getAs(column)).as(column)
          .isEqualTo(utf8.stream().map(r -> (Object) r.getAs(column)).toList());
    }
    Row first = utf16.get(0);
    assertThat(first.<String>getAs("text")).isEqualTo("App crasht bij inloggen");
    assertThat(first.<String>getAs("language")).isEqualTo("nl");
    assertThat(first.<Double>getAs("rating")).isEqualTo(1.0);
    // The reply greets the reviewer by name: masked in a reply.
    assertThat(first.<String>getAs("response_text")).isEqualTo("Beste [name], excuses voor het ongemak.");
    assertThat(utf16.get(1).<String>getAs("text")).isEqualTo("Super. Très bien");
  }

  @Test
  void cfpbOf2016WithSnakeCaseColumnsAndUsDates() {
    List<Row> cfpb = rows("cfpb_2016");
    assertThat(cfpb.get(0).<java.sql.Timestamp>getAs("event_ts").toInstant().toString())
        .isEqualTo("2013-07-29T00:00:00Z");
    assertThat(cfpb.get(1).<String>getAs("text")).isEqualTo("They charged me twice.");
    assertThat(cfpb).extracting(r -> r.<Boolean>getAs("resolved")).containsExactly(true, true);
  }

  @Test
  void cfpbsJsonDownloadWithTheApisFieldNames() {
    assertThat(rows("cfpb_json")).extracting(r -> r.<String>getAs("subject"), r -> r.<String>getAs("text"),
            r -> r.<String>getAs("response_text"), r -> r.<Boolean>getAs("resolved"))
        .containsExactly(tuple("Credit card", "They charged me twice and refused a refund.", "Closed with monetary relief", true),
            tuple("Mortgage", null, "In progress", false));
    assertThat(times(rows("cfpb_json"))).containsExactly("2026-10-02T17:00:00Z", "2026-10-04T17:00:00Z");
  }

  @Test
  void surveyMonkeysOlderColumnsAndTheRespondentsNameMasked() {
    Row answer = rows("monkey").get(0);
    assertThat(answer.<Integer>getAs("nps")).isEqualTo(9);
    assertThat(answer.<String>getAs("text")).isEqualTo("[name] here: quick and kind");
    assertThat(answer.<java.sql.Timestamp>getAs("event_ts").toInstant().toString()).isEqualTo("2026-10-02T09:14:40Z");
  }

  @Test
  void trustpilotAndGoogleReviewsFromApiResponsesWithRepliesAndNamesMasked() {
    List<Row> tp = rows("trustpilot");
    assertThat(tp.get(0).<String>getAs("text")).isEqualTo("Geen antwoord. Drie weken wachten, [name]");
    assertThat(tp.get(0).<String>getAs("response_text")).isEqualTo("Dear Mr [name], we are sorry.");
    assertThat(tp.get(0).<String>getAs("language")).isEqualTo("nl");
    assertThat(tp).extracting(r -> r.<Double>getAs("rating")).containsExactly(1.0, 5.0);
    Row g = rows("google").get(0);
    assertThat(g.<String>getAs("text")).isEqualTo("[name]: accueil froid");
    assertThat(g.<String>getAs("response_text")).isEqualTo("Bonjour [name], merci");
    // rating: null removed the preset's mapping.
    assertThat(g.<Double>getAs("rating")).isNull();
  }

  @Test
  void helpdeskExportsWithFewerColumnsReadWhatTheyHave() {
    assertThat(rows("zendesk_view")).singleElement().satisfies(r -> {
      assertThat(r.<String>getAs("text")).isEqualTo("Refund still missing");
      assertThat(r.<Boolean>getAs("resolved")).isFalse();
      assertThat(r.<Object>getAs("response_ts")).isNull();
    });
    assertThat(rows("freshdesk_picked")).singleElement().satisfies(r -> {
      assertThat(r.<String>getAs("text")).isEqualTo("App keeps logging me out");
      assertThat(r.<Object>getAs("resolved_ts")).isNull();
    });
  }

  @Test
  void tripadvisorsContentApiByTheGenericPresetWithTheOwnersReplyAndTheReviewerMasked() {
    List<Row> ta = rows("tripadvisor_api");
    assertThat(ta).extracting(r -> r.<String>getAs("text"), r -> r.<String>getAs("response_text"),
            r -> r.<String>getAs("language"))
        .containsExactly(tuple("Not again. Room was dirty. [name]", "Dear [name], we are sorry", "en"),
            tuple("Top. Sehr schönes Hotel", null, "de"));
    assertThat(ta).allSatisfy(r -> assertThat(r.<String>getAs("customer_key")).isNotNull());
    assertThat(ta.get(0).<java.sql.Timestamp>getAs("response_ts").toInstant().toString()).isEqualTo("2026-10-04T09:00:00Z");
  }

  @Test
  void yelpsFusionApiAnswerByTheYelpPreset() {
    assertThat(rows("yelp_fusion")).singleElement().satisfies(r -> {
      assertThat(r.<String>getAs("text")).isEqualTo("Cold fries and a 40 minute wait, [name]");
      assertThat(r.<Double>getAs("rating")).isEqualTo(2.0);
      assertThat(r.<java.sql.Timestamp>getAs("event_ts").toInstant().toString()).isEqualTo("2026-10-12T19:41:13Z");
      assertThat(r.<String>getAs("customer_key")).isNotNull().doesNotContain("W8UK02");
      assertThat(r.<Object>getAs("reach")).isNull();
    });
  }

  @Test
  void delightedsApiAnswersWithTheScoreAsNpsOrAsARatingByTheSurveysType() {
    assertThat(rows("delighted")).extracting(r -> r.<String>getAs("text"), r -> r.<Object>getAs("nps"),
            r -> r.<Double>getAs("rating"))
        .containsExactly(tuple("[name] here: billing charged me twice", 3, null), tuple("Quick help", null, 4.0),
            tuple(null, 10, null), tuple("Easy enough", null, null));
    assertThat(rows("delighted").get(0).<java.sql.Timestamp>getAs("event_ts").toInstant().toString())
        .isEqualTo("2026-10-02T08:30:00Z");
    assertThat(rows("delighted")).allSatisfy(r -> assertThat(r.<String>getAs("customer_key")).isNotNull());
    assertThat(rows("delighted_plain")).extracting(r -> r.<Object>getAs("nps"), r -> r.<String>getAs("channel"))
        .containsExactly(tuple(9, "survey"), tuple(0, "survey"));
    assertThat(rows("delighted_plain")).allSatisfy(r -> assertThat(r.<String>getAs("customer_key")).isNotNull()
        .doesNotContain("7001").doesNotContain("7002"));
    assertThat(counts("delighted").get("quarantined")).isEqualTo(0L);
    assertThat(counts("delighted_plain").get("quarantined")).isEqualTo(0L);
  }

  @Test
  void redditsDumpsListingsAndScrapedPostsReadWithTheirScoreAsReachAndThreadsKept() {
    List<Row> comments = rows("reddit_comments");
    assertThat(comments).extracting(r -> r.<String>getAs("text"), r -> r.<Object>getAs("reach"),
            r -> r.<String>getAs("subject"), r -> r.<String>getAs("channel"))
        .containsExactly(tuple("Charged twice, [name] here, no answer from support", 57L, "examplebank", "social_media"),
            tuple("Sorry about that, please DM us.", 0L, "examplebank", "social_media"));
    assertThat(times(comments)).containsExactly("2026-10-02T08:30:00Z", "2026-10-02T10:30:00Z");
    // The reply names its parent by the fullname the first comment's id was made from.
    assertThat(comments.get(1).<String>getAs("in_reply_to")).isEqualTo(comments.get(0).<String>getAs("feedback_id"));
    assertThat(comments.get(0).<String>getAs("feedback_id")).isEqualTo(idOf("reddit_comments", "t1_lq3abc1"));
    assertThat(comments.get(1).<String>getAs("feedback_id")).isEqualTo(idOf("reddit_comments", "t1_lq3abc3"));
    assertThat(comments).allSatisfy(r -> assertThat(r.<String>getAs("customer_key")).isNotNull()
        .doesNotContain("quietfox"));
    // The removed comment has no text left: quarantined, the reason said.
    assertThat(counts("reddit_comments").get("quarantined_by_reason")).isEqualTo(Map.of("no_content", 1L));
    // Its author's account id (personal_fields) is pseudonymized in the quarantined record.
    assertThat(SparkTestSession.table(dir.resolve("out"), Table.QUARANTINE).where("source = 'reddit_comments'")
        .collectAsList()).singleElement().satisfies(r -> assertThat(r.<String>getAs("raw_record"))
            .doesNotContain("t2_gone77").contains("\"author_fullname\":\"[person "));

    assertThat(rows("reddit_posts")).extracting(r -> r.<String>getAs("text"), r -> r.<Object>getAs("reach"),
            r -> r.<String>getAs("customer_key") == null)
        .containsExactly(tuple("Locked out of the app. Anyone else locked out since the update?", 230L, false),
            tuple("Switching banks?", 1L, true));
    assertThat(rows("reddit_posts").get(1).<String>getAs("feedback_id")).isEqualTo(idOf("reddit_posts", "t3_1fz9x1"));

    List<Row> listing = rows("reddit_listing");
    assertThat(listing).extracting(r -> r.<String>getAs("text"), r -> r.<Object>getAs("reach"))
        .containsExactly(tuple("Fees went up again without notice.", 12L), tuple("Same here, moving my savings.", 0L));
    assertThat(listing.get(1).<String>getAs("in_reply_to")).isEqualTo(listing.get(0).<String>getAs("feedback_id"));
    assertThat(times(listing)).containsExactly("2026-10-04T07:46:40Z", "2026-10-04T08:46:40Z");

    // A thread: the post, the comments and their replies at every depth, each replying to its parent;
    // the "more" stub filtered, not quarantined.
    Map<String, Row> thread = new java.util.HashMap<>();
    rows("reddit_thread").forEach(r -> thread.put(r.getAs("text"), r));
    assertThat(thread).containsOnlyKeys("Blocked. Card blocked while abroad", "Same, two days now",
        "Did they refund the fees?", "No, not yet", "Mine works fine");
    assertThat(thread.get("No, not yet").<String>getAs("in_reply_to"))
        .isEqualTo(thread.get("Did they refund the fees?").<String>getAs("feedback_id"));
    assertThat(thread.get("Did they refund the fees?").<String>getAs("in_reply_to"))
        .isEqualTo(thread.get("Same, two days now").<String>getAs("feedback_id"));
    assertThat(thread.get("Same, two days now").<String>getAs("in_reply_to"))
        .isEqualTo(thread.get("Blocked. Card blocked while abroad").<String>getAs("feedback_id"))
        .isEqualTo(idOf("reddit_thread", "t3_1g2eee"));
    assertThat(thread.get("No, not yet").<String>getAs("customer_key"))
        .isEqualTo(thread.get("Same, two days now").<String>getAs("customer_key")).isNotNull();
    assertThat(counts("reddit_thread")).containsEntry("quarantined", 0L).containsEntry("filtered", 1L);

    assertThat(rows("reddit_praw")).extracting(r -> r.<String>getAs("text"), r -> r.<Object>getAs("reach"))
        .containsExactly(tuple("Card declined abroad, no warning. Called three times, still blocked.", 88L),
            tuple("Love the new savings feature", 15L));
    assertThat(times(rows("reddit_praw"))).containsExactly("2026-10-05T11:33:20Z", "2026-10-06T11:33:20Z");
    for (String source : List.of("reddit_posts", "reddit_listing", "reddit_praw")) {
      assertThat(counts(source).get("quarantined")).as(source).isEqualTo(0L);
    }
  }

  @Test
  void youtubeCommentsFromTheApiWithTheirRepliesAndFromTheDownloader() {
    Map<String, Row> api = new java.util.HashMap<>();
    rows("youtube_api").forEach(r -> api.put(r.getAs("text"), r));
    // textDisplay made plain; the commenter's handle masked in the reply; the video's channel answering
    // is the company.
    assertThat(api).containsOnlyKeys("The update broke login\nagain & again", "Sorry @[user], a fix ships today",
        "Works great for me");
    Row top = api.get("The update broke login\nagain & again");
    Row reply = api.get("Sorry @[user], a fix ships today");
    assertThat(reply.<Boolean>getAs("from_company")).isTrue();
    assertThat(top.<Boolean>getAs("from_company")).isFalse();
    assertThat(reply.<String>getAs("in_reply_to")).isEqualTo(top.<String>getAs("feedback_id"))
        .isEqualTo(idOf("youtube_api", "UgzAAA"));
    assertThat(top.<String>getAs("subject")).isEqualTo("vid01");
    assertThat(top.<Long>getAs("reach")).isEqualTo(14L);
    assertThat(times(List.of(top, reply))).containsExactly("2026-10-07T08:00:00Z", "2026-10-07T09:30:00Z");
    assertThat(top.<String>getAs("customer_key")).isNotNull().isNotEqualTo(reply.<String>getAs("customer_key"));

    List<Row> downloaded = rows("youtube_downloader");
    assertThat(downloaded).extracting(r -> r.<String>getAs("text"), r -> r.<Long>getAs("reach"))
        .containsExactly(tuple("Third time the app crashed today", 1200L), tuple("@[user] same here", 3L));
    assertThat(downloaded.get(1).<String>getAs("in_reply_to")).isEqualTo(downloaded.get(0).<String>getAs("feedback_id"));
    assertThat(times(downloaded)).containsExactly("2026-10-07T08:00:00.123Z", "2026-10-08T08:00:00.500Z");
    for (String source : List.of("youtube_api", "youtube_downloader")) {
      assertThat(counts(source).get("quarantined")).as(source).isEqualTo(0L);
    }
  }

  @Test
  void facebookAndInstagramCommentsWithTheirNestedReplies() {
    List<Row> facebook = rows("facebook");
    assertThat(facebook).extracting(r -> r.<String>getAs("text"), r -> r.<Long>getAs("reach")).containsExactly(
        tuple("Still no refund, [name], order 778", 4L), tuple("Hi [name], we are on it", 0L),
        tuple("Fast delivery this time", 1L));
    // Nested without a parent field: the reply names the comment it is nested in.
    assertThat(facebook.get(1).<String>getAs("in_reply_to")).isEqualTo(idOf("facebook", "101_201"));
    assertThat(facebook.get(0).<String>getAs("in_reply_to")).isNull();
    assertThat(times(facebook)).containsExactly("2026-10-09T10:00:00Z", "2026-10-09T11:00:00Z", "2026-10-10T08:00:00Z");

    List<Row> instagram = rows("instagram");
    assertThat(instagram).extracting(r -> r.<String>getAs("text"))
        .containsExactly("@acme_shop where is my parcel?", "@[user] sent you a DM");
    assertThat(instagram.get(1).<String>getAs("in_reply_to")).isEqualTo(idOf("instagram", "17895695668004550"));
    for (String source : List.of("facebook", "instagram")) {
      assertThat(counts(source).get("quarantined")).as(source).isEqualTo(0L);
    }
  }

  @Test
  void reviewsNoOneAnsweredReadWithoutReplies() {
    assertThat(rows("google_unanswered")).extracting(r -> r.<Double>getAs("rating"), r -> r.<String>getAs("text"),
            r -> r.<String>getAs("response_text"))
        .containsExactly(tuple(5.0, "Great coffee", null), tuple(1.0, null, null));
    assertThat(rows("trustpilot_unanswered")).singleElement().satisfies(r -> {
      assertThat(r.<String>getAs("text")).isEqualTo("Late. Two weeks late");
      assertThat(r.<String>getAs("response_text")).isNull();
      assertThat(r.<Double>getAs("rating")).isEqualTo(2.0);
    });
  }

  /** The feedback_id an export id gets in a source: the first half of a SHA-256 of both. */
  private static String idOf(String source, String exportId) {
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256")
          .digest((source + "\u0001" + exportId).getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(h).substring(0, 32);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> auto(String source) {
    return (Map<String, String>) counts(source).get("auto");
  }

  @Test
  void genericReviewsFindsTheColumnsWhateverTheirCaseAndDecidesDatesAndScalesFromTheExport() {
    // Tweets.csv: the id, the airline as subject, the handle masked, times with their offset, no rating.
    List<Row> tweets = rows("airline_tweets");
    assertThat(tweets).extracting(r -> r.<String>getAs("feedback_id"))
        .containsExactly(idOf("airline_tweets", "570301130888122368"), idOf("airline_tweets", "570306133677760513"));
    assertThat(tweets).extracting(r -> r.<String>getAs("subject")).containsExactly("United", "Virgin America");
    assertThat(tweets.get(1).<String>getAs("text")).isEqualTo("@[user] [name] here, 3 hours late again");
    assertThat(tweets.get(1).<java.sql.Timestamp>getAs("event_ts").toInstant().toString())
        .isEqualTo("2015-02-24T19:35:52Z");
    assertThat(tweets).extracting(r -> r.<Double>getAs("rating")).containsOnlyNulls();
    assertThat(tweets).extracting(r -> r.<String>getAs("channel")).containsOnly("social_media");
    // The labellers' own sentiment, in Grapevine's words: kept.
    assertThat(tweets).extracting(r -> r.<String>getAs("sentiment_label")).containsExactly("positive", "negative");

    // Day-first: 25/09 has a day above 12, so 03/10 is the 3rd of October; a 1-10 score.
    List<Row> eu = rows("shop_eu");
    assertThat(eu).extracting(r -> r.<java.sql.Timestamp>getAs("event_ts").toInstant().toString().substring(0, 10))
        .containsExactly("2026-09-25", "2026-10-03", "2026-10-04");
    assertThat(eu).extracting(r -> r.<Double>getAs("rating")).containsExactly(9.0, 2.0, 10.0);
    assertThat(eu).extracting(r -> r.<Double>getAs("rating_max")).containsOnly(10.0);
    assertThat(eu).extracting(r -> r.<Integer>getAs("nps")).containsExactly(10, 0, null);
    assertThat(eu).extracting(r -> r.<String>getAs("subject")).containsExactly("Boiler X", "Boiler X", "Pomp Y");
    assertThat(eu).extracting(r -> r.<String>getAs("text")).containsExactly("Prima service", "Kapot geleverd", "Top");
    assertThat(auto("shop_eu").get("timestamp_formats")).startsWith("d/M/yyyy");
    assertThat(auto("shop_eu").get("rating_scale")).startsWith("[1, 10]");
    // A Sentiment column with a "Mixed" is no label Grapevine can take: left out, not quarantined row by row.
    assertThat(eu).extracting(r -> r.<String>getAs("sentiment_label")).containsOnlyNulls();
    assertThat(auto("shop_eu").get("sentiment_label")).startsWith("none: in 'Sentiment', 1 of the first 3 values are not positive");

    // Month-first by default, and the manifest says the day-first reading was as possible.
    assertThat(rows("shop_us")).extracting(r -> r.<java.sql.Timestamp>getAs("event_ts").toInstant().toString()
        .substring(0, 10)).containsExactly("2026-10-05", "2026-10-06");
    assertThat(auto("shop_us").get("timestamp_formats")).startsWith("M/d/yyyy").contains("day-first");
    assertThat(auto("shop_us").get("rating_scale")).startsWith("[1, 5]");
    // Its Feedback column is a 1 or 0, not words: the text is the next alternative that holds words.
    assertThat(rows("shop_us")).extracting(r -> r.<String>getAs("text")).containsExactly("Fine", "Never again");
    assertThat(auto("shop_us").get("text")).isEqualTo("'Message': 'Feedback' holds no words (0 of 2 values with a letter)");

    // Epoch milliseconds, a 0-5 scale, the reply, and the user's name masked in both.
    List<Row> app = rows("app_reviews");
    assertThat(app.get(0).<java.sql.Timestamp>getAs("event_ts").toInstant().toString()).isEqualTo("2026-10-05T10:00:00Z");
    assertThat(app.get(0).<String>getAs("text")).isEqualTo("[name]: crashes on start");
    assertThat(app.get(0).<String>getAs("response_text")).isEqualTo("Hi [name], fixed in 2.1");
    assertThat(app).extracting(r -> r.<Double>getAs("rating_min")).containsOnly(0.0);
    assertThat(auto("app_reviews").get("timestamp_formats")).startsWith("epoch_millis");

    // Amazon's "10 3, 2026", Twitter's "Tue Oct 06 08:15:00 +0000 2026" and a mail's "Tue, 6 Oct 2026
    // 08:15:00 GMT", each found without a word of configuration.
    assertThat(times(rows("amazon_generic"))).containsExactly("2026-10-03T00:00:00Z");
    assertThat(rows("amazon_generic")).extracting(r -> r.<Double>getAs("rating")).containsExactly(4.0);
    assertThat(auto("amazon_generic").get("timestamp_formats")).startsWith("M d, yyyy");
    // Its summary opens the text, and the reviewer's name is masked in it.
    assertThat(rows("amazon_generic")).extracting(r -> r.<String>getAs("text"))
        .containsExactly("Small print. Bought it for my husband, [name]. The print is small.");
    assertThat(times(rows("tweets_v1_generic"))).containsExactly("2026-10-06T08:15:00Z");
    // The author is an object (user{id, name}): its fields are who wrote, and the name is masked.
    assertThat(rows("tweets_v1_generic")).extracting(r -> r.<String>getAs("text"))
        .containsExactly("Thanks @[user], [name] here: refund arrived");
    assertThat(rows("tweets_v1_generic")).extracting(r -> r.<String>getAs("customer_key")).doesNotContainNull();
    assertThat(counts("tweets_v1_generic").get("alternatives_chosen").toString()).contains("customer=user.id",
        "customer_name=user.name");
    assertThat(times(rows("mails_generic"))).containsExactly("2026-10-06T08:15:00Z", "2026-10-07T08:00:00Z");
    assertThat(auto("mails_generic").get("timestamp_formats")).startsWith("EEE MMM d HH:mm:ss Z yyyy | EEE, d MMM");

    for (String source : List.of("times_de", "times_uk", "times_us")) {
      assertThat(times(rows(source))).as(source).containsExactly("2026-10-01T10:00:00Z",
          source.equals("times_us") ? "2026-10-13T13:05:00Z" : "2026-10-13T11:00:00Z");
    }

    assertThat(times(rows("times_ymd"))).containsExactly("2026-10-01T10:00:00Z", "2026-10-13T13:05:00Z");
    assertThat(times(rows("times_compact"))).containsExactly("2026-10-01T00:00:00Z", "2026-10-13T00:00:00Z");
    for (String source : List.of("times_worded", "times_experience")) {
      assertThat(times(rows(source))).as(source).containsExactly("2026-10-01T00:00:00Z", "2026-10-13T00:00:00Z");
    }

    // "2 weeks ago" is no time: the next column the preset names for it that holds times stands in.
    assertThat(times(rows("maps_generic"))).containsExactly("2026-10-01T10:00:00Z", "2026-10-02T11:30:00Z");
    assertThat(auto("maps_generic").get("timestamp_formats")).startsWith("'Published At': yyyy-MM-dd'T'")
        .endsWith("no known format reads 'Date'");

    // Compressed downloads read as the files they hold.
    assertThat(rows("shop_us_zip")).extracting(r -> r.<String>getAs("text")).containsExactly("Fine", "Never again");
    for (String source : List.of("shop_us", "app_reviews")) {
      assertThat(rows(source + "_gz")).extracting(r -> r.<String>getAs("text") + "|" + r.getAs("event_ts") + "|"
          + r.getAs("rating")).containsExactlyElementsOf(rows(source).stream().map(r -> r.<String>getAs("text") + "|"
              + r.getAs("event_ts") + "|" + r.getAs("rating")).toList());
    }
  }

  @Test
  void genericReviewsMatchesNamesByTheirWordsAndKeepsOnlyAnIdThatIdentifies() {
    // reviews.date is review_date, reviews.rating review_rating, reviews.title a title that opens the text.
    List<Row> datafiniti = rows("datafiniti");
    assertThat(times(datafiniti)).containsExactly("2026-10-03T00:00:00Z", "2026-10-04T00:00:00Z");
    assertThat(datafiniti).extracting(r -> r.<Double>getAs("rating")).containsExactly(2.0, 5.0);
    assertThat(datafiniti).extracting(r -> r.<String>getAs("text"))
        .containsExactly("Not worth it. Died after a day, [name] here is not impressed", "Long lasting");
    assertThat(datafiniti).extracting(r -> r.<String>getAs("subject")).containsOnly("B00QWO9P0O");
    // Both reviews share the product's id and have no review id: neither is taken for one.
    assertThat(counts("datafiniti").get("duplicates")).isEqualTo(0L);
    assertThat(auto("datafiniti").get("id")).isEqualTo("none, each record's content is its id: 'reviews.id' is "
        + "empty in 2 of the first 2 rows; 'id' has 1 distinct values in 2 rows");
    assertThat(times(rows("spotify"))).containsExactly("2026-10-09T15:00:21Z", "2026-10-10T07:21:00Z");
    assertThat(rows("spotify")).extracting(r -> r.<String>getAs("response_text")).containsExactly(null, "Thanks!");
    assertThat(rows("chatgpt")).extracting(r -> r.<Double>getAs("rating")).containsExactly(5.0, 2.0);
    assertThat(rows("chatgpt")).extracting(r -> r.<String>getAs("feedback_id"))
        .containsExactly(idOf("chatgpt", "6a8d1c2e-0001"), idOf("chatgpt", "6a8d1c2e-0002"));
    // Translated_Review is the text; pandas' "nan" is no value, so Sentiment's labels are kept and the empty
    // review is quarantined as one with no content.
    assertThat(rows("play_kaggle")).extracting(r -> r.<String>getAs("text"), r -> r.<String>getAs("sentiment_label"),
            r -> r.<String>getAs("subject"))
        .containsExactlyInAnyOrder(tuple("This help eating healthy exercise regular basis", "positive", "10 Best Foods for You"),
            tuple("Dumb app I can't cancel it", "negative", "10 Best Foods for You"));
    assertThat(counts("play_kaggle").get("quarantined_by_reason")).isEqualTo(Map.of("no_content", 1L));
    assertThat(rows("airbnb")).extracting(r -> r.<String>getAs("subject"), r -> r.<String>getAs("text"))
        .containsExactly(tuple("2818", "Nice and clean.\nVery quiet."),
            tuple("2818", "Heating broken, [name] got no reply from the host."));
    assertThat(rows("app_store_scraper")).extracting(r -> r.<String>getAs("response_text"), r -> r.<Double>getAs("rating"))
        .containsExactly(tuple("Hi [name], please update to 5.2.", 1.0), tuple(null, 5.0));
    assertThat(rows("app_store_scraper").get(0).<java.sql.Timestamp>getAs("response_ts").toInstant().toString())
        .isEqualTo("2026-10-04T10:00:00Z");
    // The review's own rating and time, not the place's average or the owner's answer's time; the
    // reviewer (author_title) masked, the place's name (name) left in the text.
    List<Row> outscraper = rows("outscraper");
    assertThat(outscraper).extracting(r -> r.<Double>getAs("rating"), r -> r.<String>getAs("text"),
            r -> r.<String>getAs("response_text"))
        .containsExactly(tuple(2.0, "Le pain était rassis.", "Bonjour [name], merci."), tuple(5.0, "Great croissants", null));
    assertThat(times(outscraper)).containsExactly("2026-10-03T04:00:00Z", "2026-10-05T11:33:20Z");
    assertThat(outscraper.get(0).<java.sql.Timestamp>getAs("response_ts").toInstant().toString())
        .isEqualTo("2026-10-04T07:46:40Z");
    // A name that is the same on all twelve rows is the product's: not masked in the texts as a person's.
    assertThat(rows("one_product")).hasSize(12).allSatisfy(r -> assertThat(r.<String>getAs("text")).contains("Echo Dot"));
    assertThat(auto("one_product").get("customer_name")).isEqualTo("none: 'name' holds the same value in all 12 of "
        + "the first rows that have one, a place's or product's name, not its reviewers'");
    // pandas' 1.0 and 10952.0 are the ids 1 and 10952 (a reply names its parent as the parent's own id
    // does), 3.5 is kept as written; its float epoch seconds are times.
    List<Row> floats = rows("pandas_floats");
    assertThat(floats).extracting(r -> r.<String>getAs("feedback_id"), r -> r.<String>getAs("account_id"))
        .containsExactly(tuple(idOf("pandas_floats", "1"), "10952"), tuple(idOf("pandas_floats", "2"), null),
            tuple(idOf("pandas_floats", "3.5"), "10953"));
    assertThat(floats.get(1).<String>getAs("in_reply_to")).isEqualTo(idOf("pandas_floats", "1"));
    assertThat(times(floats)).containsExactly("2026-10-03T04:00:00Z", "2026-10-04T07:46:40Z", "2026-10-05T11:33:20Z");
    // A month alone is its first day; "missing" is quarantined as a time no format reads.
    assertThat(times(rows("disneyland"))).containsExactly("2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z");
    assertThat(counts("disneyland").get("quarantined_by_reason")).isEqualTo(Map.of("bad_timestamp", 1L));
    assertThat(auto("disneyland").get("timestamp_formats")).startsWith("yyyy-M |");
    // No listed name fits Steam's time: a column whose name holds a time word, the created one before
    // the updated one; its languages by name; the records out of the response that wraps them.
    List<Row> steam = rows("steam");
    assertThat(times(steam)).containsExactly("2026-10-05T10:00:00Z", "2026-10-06T10:00:00Z");
    assertThat(steam).extracting(r -> r.<String>getAs("language")).containsExactly("en", "zh");
    assertThat(steam).extracting(r -> r.<String>getAs("feedback_id"))
        .containsExactly(idOf("steam", "150000001"), idOf("steam", "150000002"));
    assertThat(auto("steam").get("timestamp_formats")).startsWith("epoch_seconds");
    // Votes are no rating: left out, with why; the comments kept.
    assertThat(rows("reddit")).extracting(r -> r.<Double>getAs("rating")).containsOnlyNulls().hasSize(2);
    assertThat(auto("reddit").get("rating")).startsWith("none: 'score' runs from -3 to 2345 in the first rows");
    List<Row> scraped = rows("trustpilot_scrape");
    assertThat(scraped).extracting(r -> r.<Double>getAs("rating")).containsExactly(1.0, 5.0);
    assertThat(scraped).extracting(r -> r.<String>getAs("text")).containsExactly("Never again. Parcel lost twice",
        "Great. Fast delivery");
    assertThat(scraped.get(0).<String>getAs("response_text")).isEqualTo("Hi [name], sorry");
  }

  @Test
  void kaggleReviewExportsByTheGenericPresetWithTheirDatesScoresAndReplies() {
    assertThat(rows("iphone")).extracting(r -> r.<Double>getAs("rating"), r -> r.<String>getAs("text"), r -> times(List.of(r)).get(0))
        .containsExactly(tuple(4.0, "No charger. Every thing is good but no charger in the box", "2026-10-11T00:00:00Z"),
            tuple(1.0, "Worst phone. It heats up while charging", "2026-10-16T00:00:00Z"));
    // "No Rating Available" says there is no rating: the review is kept, without one.
    assertThat(rows("starbucks")).extracting(r -> r.<Double>getAs("rating"), r -> r.<String>getAs("text"), r -> times(List.of(r)).get(0))
        .containsExactly(tuple(null, "[name] here: the worst visit ever", "2026-07-16T00:00:00Z"),
            tuple(5.0, "Amber at the Starbucks on Parkway is always so warm", "2026-09-13T00:00:00Z"));
    assertThat(rows("uber")).extracting(r -> r.<Double>getAs("rating"), r -> r.<String>getAs("response_text"))
        .containsExactly(tuple(5.0, null), tuple(1.0, "Hi [name], we are sorry to hear that."));
    assertThat(rows("comcast")).extracting(r -> r.<String>getAs("text"), r -> times(List.of(r)).get(0))
        .containsExactly(tuple("Comcast Cable Internet Speeds", "2015-04-22T00:00:00Z"),
            tuple("Payment disappear - service got disconnected", "2015-08-04T00:00:00Z"));
    for (String source : List.of("iphone", "starbucks", "uber", "comcast")) {
      assertThat(counts(source).get("quarantined")).as(source).isEqualTo(0L);
    }
  }

  @Test
  void shopReviewAppsByTheGenericPreset() {
    for (String source : List.of("judgeme", "shopify_reviews", "woocommerce", "yotpo", "judgeme_api")) {
      List<Row> rows = rows(source);
      assertThat(rows).as(source).hasSize(2);
      // The reviewer's e-mail is who they are (pseudonymized), when the export has no reviewer id.
      assertThat(rows).as(source).extracting(r -> r.<String>getAs("customer_key")).doesNotContainNull()
          .doesNotHaveDuplicates().noneMatch(k -> k.contains("@"));
    }
    List<Row> judgeme = rows("judgeme");
    assertThat(times(judgeme)).containsExactly("2026-10-03T14:22:10Z", "2026-10-05T08:01:00Z");
    // A product's number is its id, not a phone number to mask.
    assertThat(judgeme).extracting(r -> r.<String>getAs("subject")).containsOnly("7001234567");
    assertThat(judgeme.get(0).<String>getAs("text")).isEqualTo("Broke in a week. The strap snapped after seven days.");
    assertThat(judgeme.get(0).<String>getAs("response_text")).isEqualTo("Hi [name], sorry to hear that!");
    // In the API's response the reviewer is an object: reviewer.id is who, reviewer.name is masked.
    List<Row> api = rows("judgeme_api");
    assertThat(api.get(0).<String>getAs("text")).isEqualTo("Broke in a week. [name] here: it snapped.");
    assertThat(api).extracting(r -> r.<String>getAs("subject")).containsOnly("Leather strap");
    assertThat(counts("judgeme_api").get("alternatives_chosen").toString()).contains("customer=reviewer.id",
        "customer_name=reviewer.name");
    List<Row> shopify = rows("shopify_reviews");
    assertThat(times(shopify)).containsExactly("2026-10-02T14:11:12Z", "2026-10-06T14:11:12Z");
    assertThat(shopify.get(1).<String>getAs("response_text")).isEqualTo("Thanks [name]!");
    // The review's HTML as the shop's editor wrote it becomes the text a reader sees.
    assertThat(rows("woocommerce")).extracting(r -> r.<String>getAs("text"))
        .containsExactly("Nice, but shipping took three weeks & more.", "Perfect.\nI <3 it");
    List<Row> yotpo = rows("yotpo");
    assertThat(yotpo).extracting(r -> r.<String>getAs("subject")).containsOnly("Leather strap");
    assertThat(yotpo).extracting(r -> r.<Double>getAs("rating")).containsExactly(2.0, 4.0);
    // WordPress's comment_content is the review, never also its reply; the author's name is masked.
    List<Row> wp = rows("wp_comments");
    assertThat(wp).extracting(r -> r.<String>getAs("text")).containsExactly("[name] here: the strap broke after a week",
        "Perfect fit");
    assertThat(wp).extracting(r -> r.<String>getAs("response_text")).containsOnlyNulls();
    assertThat(wp).extracting(r -> r.<String>getAs("customer_key")).doesNotContainNull().noneMatch(k -> k.contains("@"));
    // Yotpo's store reply is its comment.
    assertThat(yotpo.get(0).<String>getAs("response_text")).isEqualTo("Sorry [name], a new one is on its way");
    assertThat(yotpo.get(0).<java.sql.Timestamp>getAs("response_ts")).isNotNull();
    assertThat(yotpo.get(1).<String>getAs("response_text")).isNull();
  }

  @Test
  void aNameColumnNoPresetListsIsStillMaskedInTexts() {
    assertThat(rows("guests").get(0).<String>getAs("text")).isEqualTo("[name] here: the room was cold and nobody came");
    assertThat(rows("passengers").get(0).<String>getAs("text")).isEqualTo("Dear airline, this is [name]: my bag is lost");
    assertThat(((Map<?, ?>) counts("passengers").get("auto")).get("customer_name").toString())
        .startsWith("concat_ws(' ', 'Passenger First Name', 'Passenger Last Name')");
  }

  @Test
  void namesMatchByTheirWordsInAnyCaseSpacingAndNumber() {
    assertThat(IngestJob.looseName("reviews.text")).isEqualTo(IngestJob.looseName("review_text"))
        .isEqualTo(IngestJob.looseName("ReviewText")).isEqualTo(IngestJob.looseName("REVIEW TEXT"));
    assertThat(IngestJob.looseName("Ratings")).isEqualTo(IngestJob.looseName("rating"));
    assertThat(IngestJob.looseName("RespondentID")).isEqualTo(IngestJob.looseName("respondent_id"));
    assertThat(IngestJob.looseName("Categories")).isEqualTo(IngestJob.looseName("category"));
    // Words that end in s without being plural keep it; different words stay different.
    assertThat(IngestJob.looseName("Status")).isEqualTo("status");
    assertThat(IngestJob.looseName("Address")).isEqualTo("address");
    assertThat(IngestJob.looseName("dateSeen")).isNotEqualTo(IngestJob.looseName("date"));
    assertThat(IngestJob.looseName("Rating (1-5)")).isNotEqualTo(IngestJob.looseName("rating"));
  }
}

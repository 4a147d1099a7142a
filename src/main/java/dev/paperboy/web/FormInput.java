package dev.paperboy.web;

import io.javalin.http.Context;
import java.util.List;

/**
 * The sign-up or manage form as it was typed, kept to show it again with the errors next to it.
 * Values are cut to sane lengths here; they are validated by {@link ChoiceValidator} and escaped by the
 * templates.
 *
 * @param topics the named topics ticked (their keys in the topic file)
 * @param keywords free keywords, comma-separated
 */
record FormInput(String email, String name, List<String> topics, String keywords, String timezone, String sendAt,
    String frequency) {

  FormInput {
    email = cut(email, 320);
    name = cut(name, 400);
    topics = topics == null ? List.of() : topics.stream().limit(200).map(t -> cut(t, 100)).toList();
    keywords = cut(keywords, 2000);
    timezone = cut(timezone, 64);
    sendAt = cut(sendAt, 16);
    frequency = cut(frequency, 16);
  }

  static FormInput from(Context ctx) {
    return new FormInput(ctx.formParam("email"), ctx.formParam("name"), ctx.formParams("topic"),
        ctx.formParam("keywords"), ctx.formParam("timezone"), ctx.formParam("send_at"), ctx.formParam("frequency"));
  }

  private static String cut(String s, int max) {
    if (s == null) return "";
    return s.length() <= max ? s : s.substring(0, max);
  }
}

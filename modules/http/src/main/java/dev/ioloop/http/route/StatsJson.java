package dev.ioloop.http.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ioloop.api.server.ServerStats;

/** {@code /api/stats} as JSON, the same field names on every engine (the record's components). */
public final class StatsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StatsJson() {}

  public static String encode(ServerStats stats) {
    try {
      return MAPPER.writeValueAsString(stats);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a record of numbers and strings always encodes", e);
    }
  }

  public static ServerStats decode(String json) throws JsonProcessingException {
    return MAPPER.readValue(json, ServerStats.class);
  }
}

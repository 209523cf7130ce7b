package dev.ioloop.http.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpGetRequestTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://127.0.0.1:2345/api/block2?time=1.5&sleep_ms=0 | 127.0.0.1 | 2345 | /api/block2?time=1.5&sleep_ms=0 "
          + "| 127.0.0.1:2345",
      "http://localhost                                      | localhost | 80   | /                  | localhost",
      "HTTP://[::1]:8080?x=1                                 | [::1]     | 8080 | /?x=1              | [::1]:8080",
      "http://h/caf\u00e9?q=\u20ac                           | h         | 80   | /caf%C3%A9?q=%E2%82%AC | h"})
  void sendsTheUrlsTargetWithHostAndClose(String url, String host, int port, String target, String hostField) {
    HttpGetRequest request = HttpGetRequest.of(URI.create(url));
    assertEquals(new HttpGetRequest(host, port, target), request);
    assertEquals("GET " + target + " HTTP/1.1\r\nHost: " + hostField + "\r\nConnection: close\r\n\r\n",
        new String(request.encode(), StandardCharsets.US_ASCII));
  }

  @Test
  void aKeepAliveRequestLeavesOutOnlyTheClose() {
    HttpGetRequest request = HttpGetRequest.of(URI.create("http://127.0.0.1:2345/api/block2?time=1.5"));
    assertEquals("GET /api/block2?time=1.5 HTTP/1.1\r\nHost: 127.0.0.1:2345\r\n\r\n",
        new String(request.encodeKeepAlive(), StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://127.0.0.1/", "file:///etc/hosts", "/api/block2", "mailto:a@b"})
  void refusesAnythingButHttpUrls(String url) {
    assertThrows(IllegalArgumentException.class, () -> HttpGetRequest.of(URI.create(url)));
  }
}

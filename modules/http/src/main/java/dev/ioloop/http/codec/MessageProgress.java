package dev.ioloop.http.codec;

/** How far a parser has come with the message it is reading: what a server's timeouts look at. */
public enum MessageProgress {
  /** Between messages, no byte of the next one yet: an idle keep-alive connection. */
  IDLE,
  /** Part of a head has arrived: the header timeout of docs/contract.md (408) runs. */
  HEAD,
  /** The head is complete and the body is arriving. */
  BODY
}

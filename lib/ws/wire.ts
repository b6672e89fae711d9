/**
 * A server's WebSocket text message as bytes on the wire (RFC 6455 §5.2): one unfragmented,
 * unmasked frame, header and payload in one buffer. The hub builds it once per frame and writes
 * the same buffer to every TCP socket the frame goes to, where `ws.send` would frame it again
 * for each socket and write header and payload as two chunks (cork, writev). Socket.IO does the
 * same for its broadcasts (`wsPreEncodedFrame`, through ws's private sender); here it is the
 * public socket the hub handed to ws, so no private member of ws is touched.
 *
 * Only for sockets without permessage-deflate (the hub turns it off): a compressed connection
 * expects RSV1 frames, and ws would queue its own sends behind a compression in progress.
 */

/** FIN + opcode 1 (text). */
const FIN_TEXT = 0x81;

/** The whole text message carrying `payload` (UTF-8 JSON, any length up to 2^53 − 1). */
export function textMessage(payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const message = Buffer.allocUnsafe(headerLength + length);
  message[0] = FIN_TEXT;
  if (length < 126) {
    message[1] = length;
  } else if (length < 65536) {
    message[1] = 126;
    message.writeUInt16BE(length, 2);
  } else {
    message[1] = 127;
    message.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    message.writeUInt32BE(length >>> 0, 6);
  }
  payload.copy(message, headerLength);
  return message;
}

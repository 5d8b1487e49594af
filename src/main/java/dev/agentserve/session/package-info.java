@NullMarked
package dev.agentserve.session;

import org.jspecify.annotations.NullMarked;

package dev.chatsessions.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.Principal;

/**
 * The one place where the current user is decided, until token authentication replaces it: the {@code X-User-Id}
 * header, else {@value #LOCAL_USER}. Controllers read the user from the request's {@link Principal}, which is
 * also where Spring Security puts the authenticated user.
 */
@Component
class PlaceholderUserFilter extends OncePerRequestFilter {

    static final String LOCAL_USER = "local-user";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("X-User-Id");
        String userId = header == null || header.isBlank() ? LOCAL_USER : header.strip();
        Principal user = () -> userId;
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return user;
            }
        }, response);
    }
}
